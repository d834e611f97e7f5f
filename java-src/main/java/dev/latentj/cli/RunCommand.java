package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.engine.Model;
import dev.latentj.reason.Answer;
import dev.latentj.reason.Mode;
import dev.latentj.reason.ModeOptions;
import dev.latentj.reason.Reasoner;
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
    ModeFlags flags;

    @Mixin
    NoiseOption noise;

    @Option(names = "--mode", paramLabel = "codi|cot|generate|soft",
            description = "default: codi on models with CODI metadata, else generate. cot samples (as cot-sample) when "
                    + "--temperature > 0; soft takes --noise. bench's mode ids (cot-greedy, soft-gumbel, ...) work too")
    String mode;

    @Option(names = "--coconut", description = "codi: feed the hidden state itself as the next input (no projection)")
    boolean coconut;

    @Option(names = "--special", description = "parse special tokens written in the prompt (chat templates, <think>) as tokens")
    boolean special;

    @Option(names = "--json", description = "print {\"mode\", \"text\", \"answer\", \"reasoning_positions\", \"answer_tokens\", "
            + "\"prompt_tokens\", \"finish_reason\" (stop, length or context), \"latency_ms\"}")
    boolean json;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "the question or text; \"\" with generate starts from BOS")
    String prompt;

    @Override
    public Integer call() throws Exception {
        ModeOptions options = flags.options(coconut);
        try (Model m = model.load()) {
            Reasoner r = new Reasoner(m, special);
            String name = (mode != null ? mode : r.codi().isPresent() ? "codi" : "generate").toLowerCase(Locale.ROOT);
            Mode md = Mode.resolve(name, options.sampling(), noise.noise);
            rejectIgnoredSampling(md, options);
            print(name, r.answer(md, options, List.of(prompt), List.of(flags.seed())).getFirst());
        }
        return 0;
    }

    /** Sampling flags a greedy mode would silently ignore are mistakes. */
    private void rejectIgnoredSampling(Mode md, ModeOptions options) {
        if ((md == Mode.CODI || md == Mode.COT_GREEDY) && options.sampling()) {
            throw new IllegalArgumentException("--mode " + md.id() + " decodes greedily; sampling flags apply to cot, generate and soft");
        }
        if ((md == Mode.COT_GREEDY || md == Mode.GENERATE) && !options.sampling() && flags.sampling.filters()) {
            throw new IllegalArgumentException("--top-k/--top-p/--min-p need a positive --temperature (without one decoding is greedy)");
        }
    }

    /** The JSON's mode is the --mode as given (codi, cot, generate, soft). */
    private void print(String name, Answer a) throws Exception {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("mode", name);
            doc.put("text", a.text());
            doc.put("answer", a.answer());
            doc.put("reasoning_positions", a.reasoningPositions());
            doc.put("answer_tokens", a.answerTokens());
            doc.put("prompt_tokens", a.promptTokens());
            doc.put("finish_reason", a.finishReason().id());
            doc.put("latency_ms", Math.round(a.latencyMs() * 1000) / 1000.0);
            System.out.println(new ObjectMapper().writeValueAsString(doc));
        } else {
            System.out.println(a.text());
            // the text alone would not show that it was cut
            switch (a.finishReason()) {
                case LENGTH -> System.err.println("run: the output stopped at --max-tokens");
                case CONTEXT -> System.err.println("run: the output stopped at the end of the model's context");
                default -> { }
            }
        }
    }
}
