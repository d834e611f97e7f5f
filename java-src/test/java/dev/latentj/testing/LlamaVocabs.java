package dev.latentj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * llama.cpp's vocab-only test files ({@code models/ggml-vocab-NAME.gguf} with {@code .inp}/{@code .out}).
 * The directory is {@code -Dlatentj.vocab.dir}, default {@code ~/.cache/latentj/llama.cpp/models}. Missing:
 * a failure in CI ({@code CI=true}), otherwise the tests are skipped with a message.
 */
public final class LlamaVocabs {
    public static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    private LlamaVocabs() {}

    public static Path dir() {
        String prop = System.getProperty("latentj.vocab.dir");
        return Path.of(prop != null ? prop : System.getProperty("user.home") + "/.cache/latentj/llama.cpp/models");
    }

    /** The directory, or a skip / CI failure when absent. */
    public static Path requireDir() {
        Path d = dir();
        if (!Files.isDirectory(d)) {
            if ("true".equals(System.getenv("CI"))) fail("llama.cpp vocab test files missing in CI: " + d);
            assumeTrue(false, "skipped: llama.cpp vocab test files not found at " + d + " (set -Dlatentj.vocab.dir)");
        }
        return d;
    }

    /** Whether the files are present (for building parameter lists without failing early). */
    public static boolean present() {
        return Files.isDirectory(dir());
    }

    public static Path gguf(String name) {
        return requireDir().resolve("ggml-vocab-" + name + ".gguf");
    }

    /** One test case: input text and expected ids. */
    public record Case(String vocab, int index, String text, int[] ids) {
        @Override
        public String toString() {
            return vocab + "#" + index;
        }
    }

    /** The .inp/.out pairs of a vocab, in file order. */
    public static List<Case> cases(String name) {
        Path d = dir();
        try {
            String inp = Files.readString(d.resolve("ggml-vocab-" + name + ".gguf.inp"), StandardCharsets.UTF_8);
            List<String> out = Files.readAllLines(d.resolve("ggml-vocab-" + name + ".gguf.out"), StandardCharsets.UTF_8);
            List<String> texts = new ArrayList<>();
            int pos = 0;
            while (pos < inp.length()) {
                int next = inp.indexOf(SEPARATOR, pos);
                if (next < 0) {
                    texts.add(inp.substring(pos));
                    break;
                }
                texts.add(inp.substring(pos, next));
                pos = next + SEPARATOR.length();
            }
            if (texts.size() != out.size()) {
                throw new IllegalStateException(name + ": " + texts.size() + " inputs but " + out.size() + " output lines");
            }
            List<Case> cases = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String line = out.get(i).strip();
                int[] ids = line.isEmpty() ? new int[0]
                        : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
                cases.add(new Case(name, i, texts.get(i), ids));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of vocabs that have .inp/.out files. */
    public static List<String> withTests() {
        if (!present()) return List.of();
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("ggml-vocab-") && f.endsWith(".gguf.out"))
                    .map(f -> f.substring("ggml-vocab-".length(), f.length() - ".gguf.out".length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
