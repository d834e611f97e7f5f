package dev.latentj.reason;

import dev.latentj.engine.Generation;
import dev.latentj.soft.ConceptToken;
import dev.latentj.soft.SoftThinkingSequence;
import dev.latentj.tokenizer.StreamingDecoder;
import dev.latentj.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@link Reasoner#answer} call as it runs: whether it must stop (its {@link Cancellation} or an interrupt of
 * the calling thread), the streaming decoders that turn each question's tokens into text for the
 * {@link TokenListener}, and the thoughts collected so far. Adapts itself to the loops' own observers.
 */
final class CallState {
    private final CallOptions options;
    private final Tokenizer tokenizer;
    private final StreamingDecoder[] decoders;
    private final TokenListener.Phase[] lastPhase;
    private final List<List<Thought>> thoughts = new ArrayList<>();
    private boolean stopped;

    CallState(CallOptions options, Tokenizer tokenizer, int questions) {
        this.options = options;
        this.tokenizer = tokenizer;
        this.decoders = new StreamingDecoder[questions];
        this.lastPhase = new TokenListener.Phase[questions];
        for (int i = 0; i < questions; i++) thoughts.add(new ArrayList<>());
    }

    boolean wantsThoughts() {
        return options.thoughts();
    }

    /** Whether the call must stop; once true it stays true. The interrupt flag is read, not cleared. */
    boolean stopRequested() {
        if (!stopped) {
            Cancellation c = options.cancellation();
            stopped = (c != null && c.isCancelled()) || Thread.currentThread().isInterrupted();
        }
        return stopped;
    }

    /** Whether a stop was seen: questions that had not finished then end {@link FinishReason#CANCELLED}. */
    boolean stopped() {
        return stopped;
    }

    /** Question {@code question}'s next token, to the listener as text. */
    void token(int question, TokenListener.Phase phase, int id) {
        TokenListener listener = options.listener();
        if (listener == null) return;
        if (decoders[question] == null) decoders[question] = tokenizer.streamingDecoder();
        lastPhase[question] = phase;
        listener.onToken(new TokenListener.Token(question, phase, id, decoders[question].push(id)));
    }

    /** Question {@code question} is done: bytes its decoder held back go out as a last {@link TokenListener#END} piece. */
    void end(int question) {
        if (decoders[question] == null) return;
        String rest = decoders[question].flush();
        if (!rest.isEmpty()) options.listener().onToken(new TokenListener.Token(question, lastPhase[question], TokenListener.END, rest));
    }

    /** Question {@code question}'s thoughts so far. */
    List<Thought> thoughts(int question) {
        return thoughts.get(question);
    }

    void addThought(int question, Thought t) {
        thoughts.get(question).add(t);
    }

    /** The observer of a token loop whose sequence i is question {@code first + i}; eos is not streamed. */
    Generation.Observer observer(int first, int eos) {
        return new Generation.Observer() {
            @Override
            public void accepted(int sequenceIndex, int token) {
                if (token != eos) token(first + sequenceIndex, TokenListener.Phase.ANSWER, token);
            }

            @Override
            public boolean stopRequested() {
                return CallState.this.stopRequested();
            }
        };
    }

    /** The listener of question {@code question}'s Soft Thinking: its tokens, and its concept tokens as thoughts. */
    SoftThinkingSequence.Listener softListener(int question) {
        return new SoftThinkingSequence.Listener() {
            @Override
            public void concept(int step, ConceptToken concept, float entropy, int coldStop) {
                if (wantsThoughts()) addThought(question, Thoughts.concept(step, concept, entropy, coldStop, tokenizer));
            }

            @Override
            public void thinking(int id) {
                token(question, TokenListener.Phase.THINKING, id);
            }

            @Override
            public void answer(int id) {
                token(question, TokenListener.Phase.ANSWER, id);
            }
        };
    }
}
