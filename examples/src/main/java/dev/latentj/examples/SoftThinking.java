package dev.latentj.examples;

import dev.latentj.engine.Model;
import dev.latentj.reason.Answer;
import dev.latentj.reason.CallOptions;
import dev.latentj.reason.Mode;
import dev.latentj.reason.ModeOptions;
import dev.latentj.reason.Reasoner;
import dev.latentj.reason.TokenListener;

import java.nio.file.Path;
import java.util.List;

/**
 * Soft Thinking, streamed: the model thinks in concept tokens (probability-weighted mixtures of token embeddings,
 * here with Dirichlet noise) until it writes the think-end string or Cold Stop ends thinking, then answers in
 * tokens. Each token is printed as it is decoded, the thinking in brackets.
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
            // a thinking budget of 64 concept tokens, 96 new tokens in all; null leaves a mode's default
            ModeOptions options = new ModeOptions(96, 64, null, null, null, null, null, null, null, null, null, null, false);
            TokenListener print = new TokenListener() {
                private TokenListener.Phase phase;

                @Override
                public void onToken(TokenListener.Token t) {
                    if (t.phase() != phase) System.out.print(t.phase() == TokenListener.Phase.THINKING ? "[" : "]");
                    phase = t.phase();
                    System.out.print(t.text());
                    System.out.flush();
                }
            };
            Answer answer = reasoner.answer(Mode.SOFT_DIRICHLET, options, List.of(question), List.of(7L),
                    CallOptions.none().withListener(print)).getFirst();
            System.out.println();
            System.out.println("soft thinking: " + answer.reasoningPositions() + " concept tokens, "
                    + answer.answerTokens() + " answer tokens (" + answer.finishReason().id() + "): " + answer.text());
        }
    }
}
