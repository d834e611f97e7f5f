package dev.latentj.serve;

import dev.latentj.engine.Row;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.sampling.TokenSampler;
import dev.latentj.sampling.TopK;

import java.util.List;

/**
 * Token decoding (token CoT and plain generation), as {@code Reasoner.cot}/{@code generate} run it: greedy over ids
 * below the vocabulary limit, or sampled with the request's own sampler and seed; until eos or max_tokens.
 */
final class TokenTask extends SlotTask {
    private final SamplerConfig config;
    private final TokenSampler sampler;
    private final int vocabLimit;
    private final int maxTokens;
    private final int eos;

    /** @param reasoningEnd token CoT: the text where the reasoning ends (the answer prompt); null: no reasoning */
    TokenTask(Completion completion, ChoiceOutput out, int[] prompt, SamplerConfig sampler, int vocabLimit,
              int maxTokens, int eos, String reasoningEnd) {
        super(completion, out, prompt);
        this.config = sampler;
        this.sampler = TokenSampler.of(sampler);
        this.vocabLimit = vocabLimit;
        this.maxTokens = maxTokens;
        this.eos = eos;
        if (reasoningEnd != null) out.reasoningEndsAt(reasoningEnd);
    }

    @Override
    int maxPositions() {
        return promptLength() + maxTokens - 1; // the last token is never fed
    }

    @Override
    Want feed(List<Row> rows, int promptBudget) {
        Want want = config.isGreedy() ? new Want.Argmax(vocabLimit)
                : new Want.TopK(config.deviceK(), config.temperature(), vocabLimit);
        if (prefilling()) return prefill(rows, promptBudget, Row.Output.LOGITS) ? want : null;
        rows.add(new Row.Token(seq, pos++, nextToken, Row.Output.LOGITS));
        return want;
    }

    @Override
    void accept(StepOutput o) {
        generated(config.isGreedy() ? o.argmax(vocabLimit) : sample(o), eos, maxTokens);
    }

    private int sample(StepOutput o) {
        TopK top = o.topK(config.deviceK(), config.temperature(), vocabLimit);
        // the device's top-K cannot always give the exact chain (top-p without top-k): then the full logits do
        return TokenSampler.sufficient(top, config) ? sampler.sample(top) : sampler.sample(o.logits(), vocabLimit);
    }
}
