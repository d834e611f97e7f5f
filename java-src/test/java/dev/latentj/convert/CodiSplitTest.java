package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** convert --split-codi's layout: a base file llama.cpp loads, a companion, and a join that gives the original back. */
class CodiSplitTest {
    private static final Path EMBEDDED = Path.of("models/codi-gpt2-tiny-q8_0.gguf");
    private static final List<String> PRJ = List.of("codi.prj.fc1.weight", "codi.prj.fc1.bias", "codi.prj.fc2.weight",
            "codi.prj.fc2.bias", "codi.prj.ln.weight", "codi.prj.ln.bias");

    @TempDir
    Path tmp;

    @Test
    void gpt2BaseHasExactlyLlamaCppsTensorsAndJoinsBackToTheOriginal() throws IOException {
        Path base = tmp.resolve("codi-gpt2.gguf");
        try (GgufFile one = GgufFile.open(EMBEDDED)) {
            CodiSplit.split(one, base, CodiSplit.companionOf(base));
        }
        assertEquals(tmp.resolve("codi-gpt2.codi.gguf"), CodiSplit.companionOf(base));
        try (GgufFile b = GgufFile.open(base); GgufFile c = GgufFile.open(CodiSplit.companionOf(base))) {
            assertEquals("", LlamaCppTensors.gpt2(b.metadata().getInt("gpt2.block_count")).problems(names(b)));
            assertFalse(b.metadata().keys().stream().anyMatch(k -> k.startsWith("codi.")), "no codi.* keys in the base");
            assertEquals(Set.copyOf(PRJ), names(c));
            assertEquals("gpt2", c.metadata().getString("general.architecture"));
            assertEquals(6, c.metadata().getInt("codi.num_latent"));
        }
        try (GgufFile one = GgufFile.open(EMBEDDED); GgufFile joined = CodiSplit.open(base, null)) {
            assertSameModel(one, joined);
        }
    }

    @Test
    void llamaBaseFromACheckpointHasExactlyLlamaCppsTensors() throws IOException {
        Path oneFile = tmp.resolve("one.gguf");
        CheckpointConverter.convert(Fixtures.fixture("codi-llama-lora-tiny"), oneFile, ConvertOptions.of(GgmlType.F32));
        Path base = tmp.resolve("codi-llama.gguf");
        try (GgufFile one = GgufFile.open(oneFile)) {
            CodiSplit.split(one, base, CodiSplit.companionOf(base));
        }
        try (GgufFile b = GgufFile.open(base); GgufFile one = GgufFile.open(oneFile);
             GgufFile joined = CodiSplit.open(base, CodiSplit.companionOf(base))) {
            assertEquals("", LlamaCppTensors.llama(b.metadata().getInt("llama.block_count")).problems(names(b)));
            assertSameModel(one, joined);
        }
    }

    @Test
    void mismatchedFilesAreRefusedByName() throws IOException {
        Path base = tmp.resolve("b.gguf");
        try (GgufFile one = GgufFile.open(EMBEDDED)) {
            CodiSplit.split(one, base, CodiSplit.companionOf(base));
            var e = assertThrows(ConversionException.class, () -> CodiSplit.split(GgufFile.open(base), tmp.resolve("x.gguf"), tmp.resolve("y.gguf")));
            assertTrue(e.getMessage().contains("not a CODI model"), e.getMessage());
        }
        // a one-file CODI model with a companion, and a base model named as a companion
        var twice = assertThrows(GgufException.class, () -> CodiSplit.open(EMBEDDED, CodiSplit.companionOf(base)));
        assertTrue(twice.getMessage().contains("already holds CODI tensors"), twice.getMessage());
        var notCompanion = assertThrows(GgufException.class, () -> CodiSplit.open(base, base));
        assertTrue(notCompanion.getMessage().contains("not a CODI companion"), notCompanion.getMessage());
        var missing = assertThrows(IOException.class, () -> CodiSplit.open(base, tmp.resolve("none.codi.gguf")));
        assertTrue(missing.getMessage().startsWith("CODI companion not found"), missing.getMessage());
        // without its companion the base opens as the plain model it is
        Files.delete(CodiSplit.companionOf(base));
        try (GgufFile alone = CodiSplit.open(base, null)) {
            assertFalse(CodiSplit.hasCodi(alone));
        }
    }

    private static Set<String> names(GgufFile f) {
        return f.tensors().stream().map(GgufTensorInfo::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The same keys and values, and the same tensors with the same bytes, whatever the order. */
    private static void assertSameModel(GgufFile expected, GgufFile actual) {
        assertEquals(values(expected.metadata()), values(actual.metadata()));
        assertEquals(names(expected), names(actual));
        for (GgufTensorInfo t : expected.tensors()) {
            GgufTensorInfo a = actual.tensor(t.name()).orElseThrow();
            assertEquals(t.type(), a.type(), t.name());
            assertArrayEquals(t.ne(), a.ne(), t.name());
            assertArrayEquals(expected.tensorData(t).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    actual.tensorData(a).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), t.name());
        }
    }

    /** Keys to typed values; arrays compare by content (GgufArray.equals). */
    private static Map<String, GgufMetadata.Value> values(GgufMetadata md) {
        return new TreeMap<>(md.asMap());
    }
}
