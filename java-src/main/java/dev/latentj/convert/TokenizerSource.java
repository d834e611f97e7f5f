package dev.latentj.convert;

import dev.latentj.tokenizer.TokenType;
import dev.latentj.tokenizer.TokenizerImport;
import dev.latentj.tokenizer.VocabData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds a checkpoint's tokenizer and embeds it as llama.cpp does (tokenizer.ggml.*). Sources: an
 * explicit path (tokenizer.json, vocab.json with merges.txt beside it, a llama2.c tok*.bin, a GGUF),
 * else tokenizer.json, vocab.json + merges.txt, or a single tok*.bin in the checkpoint directory. Tokens the model has
 * beyond the tokenizer's (CODI's pad, bot, eot) are appended as control tokens.
 */
public final class TokenizerSource {
    private TokenizerSource() {}

    /**
     * {@return the extension that writes the tokenizer, or {@link GgufExtension#NONE} when there is none to find}
     * The tokenizer is read when the extension runs, and must not have more tokens than the model's vocab_size.
     *
     * @param srcDir   the checkpoint directory to search; or null
     * @param explicit a tokenizer file that overrides the search; or null
     * @throws IOException when {@code explicit} does not exist
     */
    public static GgufExtension extension(Path srcDir, Path explicit) throws IOException {
        Path file = explicit != null ? explicit : find(srcDir);
        if (file == null) return GgufExtension.NONE;
        if (!Files.isRegularFile(file)) throw new IOException("tokenizer not found: " + file);
        return (writer, source) -> {
            int rows = source.config().requireInt("vocab_size");
            VocabData v = read(file, rows);
            if (v.size() > rows) {
                throw new ConversionException("tokenizer " + file + " has " + v.size() + " tokens but the model has " + rows + " embedding rows");
            }
            if (v.size() < rows) v = v.withAppended(extraNames(v.size(), rows), TokenType.CONTROL);
            v.writeTo(writer);
        };
    }

    static Path find(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return null;
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) return dir.resolve("tokenizer.json");
        if (Files.isRegularFile(dir.resolve("vocab.json"))) return dir.resolve("vocab.json");
        return llama2cTokenizer(dir);
    }

    /** The one tok*.bin beside a llama2.c model (as llama2.c's run looks for tokenizer.bin); null if none or several. */
    private static Path llama2cTokenizer(Path dir) {
        try (var s = Files.newDirectoryStream(dir, "tok*.bin")) {
            Path found = null;
            for (Path p : s) {
                if (!Files.isRegularFile(p)) continue;
                if (found != null) return null;
                found = p;
            }
            return found;
        } catch (IOException e) {
            return null;
        }
    }

    static VocabData read(Path file, int rows) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gguf")) return TokenizerImport.fromGguf(file);
        if (name.equals("tokenizer.json")) return TokenizerImport.fromHfTokenizerJson(file, null);
        if (name.endsWith(".json")) {
            Path merges = file.resolveSibling("merges.txt");
            if (!Files.isRegularFile(merges)) throw new IOException("merges.txt not found beside " + file);
            return TokenizerImport.fromGpt2Files(file, merges, List.of());
        }
        if (name.endsWith(".bin")) return TokenizerImport.fromLlama2cTokenizer(file, rows);
        throw new IOException("unknown tokenizer format: " + file + " (tokenizer.json, vocab.json, tok*.bin or .gguf)");
    }

    /** CODI appends pad, bot and eot after the base vocabulary; other extras get neutral names. */
    private static List<String> extraNames(int from, int to) {
        List<String> names = new ArrayList<>();
        String[] codi = {"<|pad|>", "<|bot|>", "<|eot|>"};
        for (int i = from; i < to; i++) names.add(to - from == 3 ? codi[i - from] : "<|extra_" + (i - from) + "|>");
        return names;
    }
}
