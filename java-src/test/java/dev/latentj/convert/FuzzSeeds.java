package dev.latentj.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.gguf.MalformedGguf;
import dev.latentj.testing.Fixtures;
import dev.latentj.testing.TinyModels;
import dev.latentj.tokenizer.VocabData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes the fuzz targets' seed corpora (Jazzer reads {@code <Class>Inputs/<method>/} next to the class) from
 * the fixtures, shrunk to a few KB so the mutator works on structure, not on weights. Run from the repository
 * root after changing a format: {@code mvn -q test-compile -Dlatentj.native.skip=true} then
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.latentj.convert.FuzzSeeds}
 * (cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class FuzzSeeds {
    private static final Path RES = Path.of("java-src/test/resources/dev/latentj");

    public static void main(String[] args) throws IOException {
        VocabData vocab = TinyModels.gpt2Vocab(300);
        byte[] tinyGpt2 = TinyModels.gpt2(vocab);
        write("gguf/GgufFuzzTestInputs/parse/valid-minimal.gguf", MalformedGguf.valid());
        write("gguf/GgufFuzzTestInputs/parse/tiny-gpt2.gguf", tinyGpt2);
        write("tokenizer/GgufVocabFuzzTestInputs/load/tiny-gpt2.gguf", tinyGpt2);
        write("tokenizer/TokenizerJsonFuzzTestInputs/load/tokenizer.json", tokenizerJson(vocab));
        write("tokenizer/Llama2cTokenizerFuzzTestInputs/load/tok.bin", llama2cTok());
        write("convert/SafetensorsFuzzTestInputs/parse/arch-llama-shrunk.safetensors", shrunkSafetensors());
        byte[] pkl = fixturePickle();
        write("convert/TorchPickleFuzzTestInputs/load/data.pkl", pkl);
        write("convert/TorchZipFuzzTestInputs/read/small.bin", smallZip());
    }

    private static void write(String rel, byte[] b) throws IOException {
        Path p = RES.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, b);
        System.out.println(p + " " + b.length + " bytes");
    }

    /** tokenizer.json (BPE, byte-level) for the tiny vocabulary, with one special added token. */
    private static byte[] tokenizerJson(VocabData v) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode eot = added.addObject();
        eot.put("id", v.size() - 1).put("content", v.tokens().get(v.size() - 1)).put("special", true);
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel").put("add_prefix_space", false).put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < v.size() - 1; i++) vocab.put(v.tokens().get(i), i);
        ArrayNode merges = model.putArray("merges");
        for (String m : v.merges()) merges.add(m);
        return om.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** llama2.c tokenizer.bin: max length, then (score, length, bytes) per token; the vocab size (int) is at the end. */
    private static byte[] llama2cTok() {
        String[] toks = {"\n<unk>\n", "\n<s>\n", "\n</s>\n", "<0x0A>", "<0x20>", " ", "e", "t", " the", "he", "ll", "o", "▁a"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(4).putInt(8).array());
        for (int i = 0; i < toks.length; i++) {
            byte[] b = toks[i].getBytes(StandardCharsets.UTF_8);
            out.writeBytes(le(8).putFloat(-i).putInt(b.length).array());
            out.writeBytes(b);
        }
        out.writeBytes(le(4).putInt(toks.length).array());
        return out.toByteArray();
    }

    /** The arch-llama fixture's header entries (names, dtypes, metadata) with each tensor cut to at most 4 elements. */
    private static byte[] shrunkSafetensors() throws IOException {
        ObjectMapper om = new ObjectMapper();
        byte[] file = Files.readAllBytes(Fixtures.fixture("arch-llama").resolve("model.safetensors"));
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) om.readTree(new String(file, 8, (int) n, StandardCharsets.UTF_8));
        ObjectNode out = om.createObjectNode();
        long off = 0;
        int kept = 0;
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = header.fields(); it.hasNext() && kept < 6; ) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) {
                out.set(e.getKey(), e.getValue());
                continue;
            }
            ObjectNode t = out.putObject(e.getKey());
            String dt = e.getValue().path("dtype").asText();
            int bytes = dt.equals("F32") ? 4 : 2;
            t.put("dtype", dt);
            t.putArray("shape").add(2).add(2);
            t.putArray("data_offsets").add(off).add(off + 4L * bytes);
            off += 4L * bytes;
            kept++;
        }
        byte[] h = om.writeValueAsBytes(out);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(le(8).putLong(h.length).array());
        b.writeBytes(h);
        for (long i = 0; i < off; i++) b.write((int) (i * 37));
        return b.toByteArray();
    }

    private static byte[] fixturePickle() throws IOException {
        Path bin = Fixtures.fixture("codi-llama-lora-tiny").resolve("pytorch_model.bin");
        try (ZipFile z = new ZipFile(bin.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (e.getName().endsWith("/data.pkl")) return z.getInputStream(e).readAllBytes();
            }
        }
        throw new IOException(bin + ": no data.pkl");
    }

    /** A torch.save zip with one 2x2 F32 tensor and one skipped int64 buffer. */
    private static byte[] smallZip() throws IOException {
        byte[] pickle = new PickleWriter().proto(2).op('}').mark()
                .tensorItem("w", "FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {2, 1})
                .tensorItem("ids", "LongStorage", "1", 2, 0, new long[] {2}, new long[] {1})
                .op('u').stop().bytes();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("0", le(16).putFloat(1).putFloat(2).putFloat(3).putFloat(4).array());
        storages.put("1", le(16).putLong(7).putLong(9).array());
        Path tmp = Files.createTempFile("seed", ".bin");
        try {
            return Files.readAllBytes(TestZips.write(tmp, "archive", pickle, storages));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
