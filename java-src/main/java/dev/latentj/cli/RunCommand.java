package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.codi.Codi;
import dev.latentj.engine.Model;
import dev.latentj.reason.Answer;
import dev.latentj.reason.Reasoner;
import dev.latentj.soft.SoftThinkingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code latentj run}: one prompt through one reasoning mode. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Answer a question with continuous thoughts (codi), token chain-of-thought (cot), "
                + "Soft Thinking (soft), or continue a text (generate). Without -m it runs the embedded CODI model.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    SoftOptions soft;

    @Option(names = "--mode", paramLabel = "codi|cot|generate|soft",
            description = "default: codi on models with CODI metadata, else generate")
    String mode;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "most generated tokens (default: codi 32, cot 256, generate 128, soft: answer tokens 64)")
    Integer maxTokens;

    @Option(names = "--coconut", description = "codi: feed the hidden state itself as the next input (no projection)")
    boolean coconut;

    @Option(names = "--special", description = "parse special tokens written in the prompt (chat templates, <think>) as tokens")
    boolean special;

    @Option(names = "--json", description = "print {\"mode\", \"text\", \"answer\", \"reasoning_positions\", \"answer_tokens\", \"latency_ms\"}")
    boolean json;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "the question or text; \"\" with generate starts from BOS")
    String prompt;

    @Override
    public Integer call() throws Exception {
        try (Model m = model.load()) {
            Reasoner r = new Reasoner(m, special);
            String md = mode != null ? mode.toLowerCase(Locale.ROOT) : r.codi().isPresent() ? "codi" : "generate";
            Answer a = switch (md) {
                case "codi" -> {
                    if (sampling.sampling()) throw new IllegalArgumentException("--mode codi decodes greedily; sampling flags apply to cot, generate and soft");
                    yield r.codi(List.of(prompt), new Codi.Options(tokens(32), false, coconut)).get(0);
                }
                case "cot" -> r.cot(List.of(prompt), tokens(256), sampling.sampler(), "cot").get(0);
                case "generate" -> r.generate(prompt, tokens(128), sampling.sampler());
                case "soft" -> {
                    SoftThinkingConfig cfg = soft.config(sampling, r.defaultThinkEnd());
                    yield r.soft(prompt, cfg, soft.answerSampler(sampling), tokens(64), "soft");
                }
                default -> throw new IllegalArgumentException("unknown --mode '" + mode + "' (codi, cot, generate or soft)");
            };
            print(a);
        }
        return 0;
    }

    private int tokens(int def) {
        int n = maxTokens != null ? maxTokens : def;
        if (n < 1) throw new IllegalArgumentException("--max-tokens must be >= 1");
        return n;
    }

    private void print(Answer a) throws Exception {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("mode", a.mode());
            doc.put("text", a.text());
            doc.put("answer", a.answer());
            doc.put("reasoning_positions", a.reasoningPositions());
            doc.put("answer_tokens", a.answerTokens());
            doc.put("latency_ms", Math.round(a.latencyMs() * 1000) / 1000.0);
            System.out.println(new ObjectMapper().writeValueAsString(doc));
        } else {
            System.out.println(a.text());
        }
    }
}
