package dev.latentj.examples;

import dev.latentj.engine.Model;
import dev.latentj.reason.Answer;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.soft.Noise;
import dev.latentj.soft.SoftThinkingConfig;

import java.nio.file.Path;

/**
 * Soft Thinking: the model thinks in concept tokens (probability-weighted mixtures of token embeddings, here with
 * Dirichlet noise) until it writes the think-end string or Cold Stop ends thinking, then answers in tokens.
 * <p>
 * Usage: {@code SoftThinking MODEL.gguf [QUESTION]}
 */
public final class SoftThinking {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String question = args.length > 1 ? args[1]
                : "Omar has 6 bags with 10 apples in each bag. He gives away 15 apples. How many apples are left?";
        try (Model model = Model.load(file)) {
            Reasoner reasoner = new Reasoner(model);
            SoftThinkingConfig thinking = SoftThinkingConfig.defaults()
                    .withNoise(new Noise.Dirichlet(4))
                    .withMaxThinkingSteps(64)
                    .withSeed(7)
                    .withThinkEnd(reasoner.defaultThinkEnd());
            Answer answer = reasoner.soft(question, thinking, SamplerConfig.greedy(), 32, "soft");
            System.out.println("soft thinking: " + answer.reasoningPositions() + " concept tokens, then: " + answer.text());
        }
    }
}
