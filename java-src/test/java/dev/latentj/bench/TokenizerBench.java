package dev.latentj.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.tokenizer.Tokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tokenizes the 1319 GSM8K test questions. Throughput in MB/s = (UTF-8 bytes of the questions) / (time per op);
 * the setup prints the byte count. See bench/RESULTS.md for how to run it and the numbers.
 * <ul>
 *   <li>{@code questions}: each question encoded on its own (as prompts are)</li>
 *   <li>{@code concatenated}: all questions joined with newlines, one encode call (what llama-tokenize gets)</li>
 * </ul>
 * Paths: {@code -Dlatentj.vocab.dir} (llama.cpp models/), {@code -Dlatentj.gsm8k} (test.jsonl).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class TokenizerBench {
    @Param({"gpt-2", "llama-bpe", "qwen2", "llama-spm"})
    public String vocab;

    Tokenizer tokenizer;
    List<String> questions;
    String concatenated;

    @Setup
    public void setup() throws Exception {
        String dir = System.getProperty("latentj.vocab.dir",
                System.getProperty("user.home") + "/.cache/latentj/llama.cpp/models");
        tokenizer = Tokenizer.fromGguf(Path.of(dir, "ggml-vocab-" + vocab + ".gguf"));
        questions = loadQuestions(Path.of(System.getProperty("latentj.gsm8k", "/work/shared/data/gsm8k/test.jsonl")));
        concatenated = String.join("\n", questions);
        System.out.printf("%n[%s] %d questions, %d UTF-8 bytes; concatenated %d bytes, %d tokens%n", vocab,
                questions.size(), questions.stream().mapToInt(q -> q.getBytes(StandardCharsets.UTF_8).length).sum(),
                concatenated.getBytes(StandardCharsets.UTF_8).length, tokenizer.encode(concatenated, false, false).length);
    }

    static List<String> loadQuestions(Path jsonl) throws Exception {
        ObjectMapper om = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) out.add(om.readTree(line).path("question").asText());
        }
        return out;
    }

    @Benchmark
    public void questions(Blackhole bh) {
        for (String q : questions) bh.consume(tokenizer.encode(q, false, false));
    }

    @Benchmark
    public int[] concatenated() {
        return tokenizer.encode(concatenated, false, false);
    }
}
