package dev.latentj;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages depend one way: cli → serve/report/speed → bench → reason/train → codi/soft/cot → engine/convert →
 * tokenizer/bindings → gguf/sampling/params/io. A main source file may name (import, or write out in full) a class of its
 * own layer or a lower one, never of a higher one.
 */
class LayeringTest {
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            entry("cli", 7),
            entry("serve", 6), entry("report", 6), entry("speed", 6),
            entry("bench", 5),
            entry("reason", 4), entry("train", 4),
            entry("codi", 3), entry("soft", 3), entry("cot", 3),
            entry("synth", 3),
            entry("engine", 2), entry("convert", 2),
            entry("tokenizer", 1), entry("bindings", 1),
            entry("gguf", 0), entry("sampling", 0), entry("params", 0), entry("io", 0));

    private static final Path MAIN = Path.of("java-src/main/java/dev/latentj");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.latentj\\.([a-z_]+)\\.");

    @Test
    void noPackageNamesAHigherOne() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the repository root: " + MAIN.toAbsolutePath() + " is missing");
        List<String> violations = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(MAIN)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String own = MAIN.relativize(file).getName(0).toString();
            if (file.getParent().equals(MAIN)) continue; // dev.latentj itself: nothing lives there
            Integer ownLayer = LAYER.get(own);
            if (ownLayer == null) {
                violations.add(file + ": package dev.latentj." + own + " has no layer; give it one in LayeringTest");
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("package ")) continue;
                Matcher m = REFERENCE.matcher(line);
                while (m.find()) {
                    Integer layer = LAYER.get(m.group(1));
                    if (layer != null && layer > ownLayer) {
                        violations.add(file + ":" + (i + 1) + ": " + own + " names dev.latentj." + m.group(1)
                                + ", a higher layer: " + line.strip());
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), () -> "imports against the layering:\n" + String.join("\n", violations));
    }
}
