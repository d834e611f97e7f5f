package dev.latentj.serve;

import dev.latentj.reason.Reasoner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a parsed request into a {@link Completion}: the prompts (a chat rendered by the model's template) as
 * tokens, each prompt's mode, and one task per choice. Choice i of a request with seed S samples with seed S + i;
 * without a seed, S is random.
 */
final class CompletionPlanner {
    private final Reasoner reasoner;
    private final ChatTemplate template;
    private final ModeRequest modes;
    private final int context;
    private final long timeLimitNanos;

    CompletionPlanner(Reasoner reasoner, ChatTemplate template, int context, long timeLimitNanos) {
        this.reasoner = reasoner;
        this.template = template;
        this.modes = new ModeRequest(reasoner, context);
        this.context = context;
        this.timeLimitNanos = timeLimitNanos;
    }

    Completion plan(String id, CompletionRequest req, long arrivalNanos) {
        List<int[]> prompts = new ArrayList<>();
        if (req.chat()) {
            prompts.add(encode(template.render(req.messages()), "messages"));
        } else {
            for (int i = 0; i < req.prompts().size(); i++) {
                String param = req.prompts().size() == 1 ? "prompt" : "prompt[" + i + "]";
                prompts.add(switch (req.prompts().get(i)) {
                    case CompletionRequest.Prompt.Text t -> encode(t.text(), param);
                    case CompletionRequest.Prompt.Ids p -> checked(p.ids(), param);
                });
            }
        }
        List<ModeRequest.Plan> plans = new ArrayList<>();
        for (int[] p : prompts) {
            if (p.length >= context) {
                throw ApiException.invalid(req.chat() ? "messages" : "prompt", "context_length_exceeded",
                        "the prompt has " + p.length + " tokens; the context holds " + context);
            }
            plans.add(modes.plan(req.reasoning(), req.options(), p));
        }
        Completion c = new Completion(id, plans.get(0).label(), arrivalNanos, timeLimitNanos);
        StopStrings stops = new StopStrings(req.stop());
        long seed = req.seed() != null ? req.seed() : ThreadLocalRandom.current().nextLong();
        List<SlotTask> tasks = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            ModeRequest.Plan plan = plans.get(p);
            for (int i = 0; i < req.n(); i++) {
                int index = p * req.n() + i;
                ChoiceOutput out = new ChoiceOutput(index, reasoner.tokenizer(), stops, c, prompts.get(p).length, plan.thoughts());
                tasks.add(plan.task(c, out, seed + index));
            }
        }
        c.tasks(tasks);
        return c;
    }

    /** Text as the model reads it (special tokens such as chat markers and {@code <think>} are parsed); empty: BOS. */
    private int[] encode(String text, String param) {
        int[] ids = reasoner.encode(text);
        if (ids.length > 0) return ids;
        int bos = reasoner.tokenizer().bos();
        if (bos < 0) throw ApiException.invalid(param, "the prompt is empty and the tokenizer has no BOS token");
        return new int[] {bos};
    }

    private int[] checked(int[] ids, String param) {
        int n = reasoner.model().config().nVocab();
        for (int id : ids) {
            if (id < 0 || id >= n) throw ApiException.invalid(param, "token id " + id + " is outside the vocabulary [0, " + n + ")");
        }
        return ids;
    }
}
