package dev.latentj.convert;

import dev.latentj.cli.ConvertCommand;
import dev.latentj.gguf.GgmlType;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Bad checkpoints end in an IOException that names the problem (and exit code 1 from the CLI), never a crash. */
class BadCheckpointTest {
    @TempDir
    Path tmp;

    /** A directory holding copies of {@code files} of a fixture, plus {@code extra} files written here. */
    Path checkpoint(String fixture, Map<String, String> extra, String... files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ckpt"));
        for (String f : files) Files.copy(Fixtures.fixture(fixture).resolve(f), dir.resolve(f));
        for (var e : extra.entrySet()) Files.writeString(dir.resolve(e.getKey()), e.getValue());
        return dir;
    }

    static IOException convertFails(Path src) {
        return assertThrows(IOException.class, () -> CheckpointConverter.convert(src, src.resolveSibling("out.gguf"), ConvertOptions.of(GgmlType.F32)));
    }

    /** The CLI run as Main runs it: exit code and stderr. */
    static String cliError(Path src) {
        CommandLine cl = new CommandLine(new ConvertCommand());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(src.toString(), "-o", src.resolveSibling("cli.gguf").toString(), "-q");
        assertEquals(1, code, "exit code for " + src + "; stderr: " + err);
        return err.toString();
    }

    @Test
    void pickleThatCallsAnythingButTensorRebuildingIsRefused() throws IOException {
        Path dir = checkpoint("codi-llama-lora-tiny", Map.of(), "config.json");
        byte[] evil = new PickleWriter().proto(2).global("os", "system").str("touch /tmp/pwned").op(0x85).reduce().stop().bytes();
        TestZips.write(dir.resolve("pytorch_model.bin"), "archive", evil, Map.of());
        IOException e = convertFails(dir);
        assertInstanceOf(UnsafePickleException.class, e);
        assertTrue(e.getMessage().contains("pickle calls os.system: only tensor rebuilding is allowed"), e.getMessage());
        String err = cliError(dir);
        assertTrue(err.contains("os.system"), err);
    }

    @Test
    void missingShardIsNamed() throws IOException {
        Path dir = checkpoint("codi-gpt2-tiny", Map.of(), "config.json", "model.safetensors.index.json",
                "model-00001-of-00002.safetensors");
        IOException e = convertFails(dir);
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors"), e.getMessage());
        String err = cliError(dir);
        assertTrue(err.contains("model-00002-of-00002.safetensors"), err);
    }

    @Test
    void loraKeyWithoutItsBaseWeightIsRefused() throws IOException {
        Path src = Fixtures.fixture("codi-llama-lora-tiny");
        String base = "codi.base_model.model.model.layers.0.self_attn.q_proj.base_layer.weight";
        try (SafetensorsReader r = SafetensorsReader.open(src)) {
            Map<String, SourceTensor> t = new LinkedHashMap<>(r.tensors());
            assertNotNull(t.remove(base), base);
            HfConfig config = HfConfig.read(src.resolve("config.json"));
            IOException e = assertThrows(IOException.class,
                    () -> CheckpointConverter.convert(t, config, src, tmp.resolve("x.gguf"), ConvertOptions.of(GgmlType.F32)));
            assertTrue(e.getMessage().contains("has no base weight") && e.getMessage().contains("q_proj.base_layer.weight"), e.getMessage());
        }
    }

    @Test
    void configAndTensorShapesMustAgree() throws IOException {
        String config = Files.readString(Fixtures.fixture("codi-llama-lora-tiny").resolve("config.json"))
                .replace("\"intermediate_size\": 176", "\"intermediate_size\": 180");
        Path dir = checkpoint("codi-llama-lora-tiny", Map.of("config.json", config, "codi.json",
                Files.readString(Fixtures.fixture("codi-llama-lora-tiny").resolve("codi.json"))), "model.safetensors");
        IOException e = convertFails(dir);
        assertTrue(e.getMessage().contains("mlp.gate_proj.weight' has shape [176, 64], config expects [180, 64]"), e.getMessage());
        String err = cliError(dir);
        assertTrue(err.contains("config expects [180, 64]"), err);
    }

    @Test
    void unrecognisedSourcesSayWhatWasLookedFor() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        IOException e = convertFails(dir);
        assertTrue(e.getMessage().contains("no model.safetensors, model.safetensors.index.json or pytorch_model.bin found"), e.getMessage());
        Path txt = Files.writeString(tmp.resolve("weights.txt"), "hello");
        e = convertFails(txt);
        assertTrue(e.getMessage().contains("not a checkpoint"), e.getMessage());
    }

    @Test
    void truncatedLlama2cModelIsRefused() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.shared("data/models/stories260K/stories260K.bin"));
        Path cut = Files.write(tmp.resolve("stories.bin"), java.util.Arrays.copyOf(all, all.length - 1000));
        IOException e = convertFails(cut);
        assertTrue(e.getMessage().contains("file has 1055540 bytes but the header implies 1056540"), e.getMessage());
    }

    @Test
    void nonFiniteWeightIsAConversionErrorWhenQuantising() {
        Weight w = new Weight("blk.0.ffn_up.weight", new long[] {1, 32}, () -> {
            float[] v = new float[32];
            v[7] = Float.NaN;
            return v;
        });
        ConversionException e = assertThrows(ConversionException.class,
                () -> TensorEncoder.encode(GgmlType.Q8_0, w.load(), new long[] {32, 1}, GgmlQuantizer.INSTANCE, w.name()));
        assertTrue(e.getMessage().startsWith("tensor 'blk.0.ffn_up.weight'") && e.getMessage().contains("non-finite weight at element 7"), e.getMessage());
    }
}
