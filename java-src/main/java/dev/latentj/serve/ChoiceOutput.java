package dev.latentj.serve;

import dev.latentj.sampling.TopK;
import dev.latentj.tokenizer.StreamingDecoder;
import dev.latentj.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The visible side of one choice as its sequence runs: text through a streaming decoder, cut at stop strings,
 * sent as deltas (holding back what could still become a stop string); token counts; thoughts; the end.
 * Used on the engine thread only.
 */
final class ChoiceOutput {
    private final int index;
    private final Tokenizer tokenizer;
    private final StreamingDecoder decoder;
    private final StopStrings stops;
    private final Completion completion;
    private final int promptTokens;
    private final boolean keepThoughts;
    private final StringBuilder text = new StringBuilder();
    private final List<Integer> textEnds = new ArrayList<>(); // text length after each token
    private final List<Thought> thoughts = new ArrayList<>();
    private int sent;
    private int tokens;
    private int reasoningPositions;   // positions that are not tokens (CODI's bot, latents, eot)
    private int reasoningTokens;
    private String reasoningMarker;
    private boolean inReasoning;
    private boolean stopped;
    private volatile boolean finished;

    ChoiceOutput(int index, Tokenizer tokenizer, StopStrings stops, Completion completion, int promptTokens, boolean keepThoughts) {
        this.index = index;
        this.tokenizer = tokenizer;
        this.decoder = tokenizer.streamingDecoder();
        this.stops = stops;
        this.completion = completion;
        this.promptTokens = promptTokens;
        this.keepThoughts = keepThoughts;
    }

    int index() { return index; }

    boolean keepThoughts() { return keepThoughts; }

    boolean finished() { return finished; }

    /** Adds a generated token. Returns true when a stop string now ends the choice (it has been finished). */
    boolean token(int id) {
        tokens++;
        if (inReasoning) reasoningTokens++;
        completion.tokenGenerated();
        int before = text.length();
        text.append(decoder.push(id));
        textEnds.add(text.length());
        int at = stops.find(text, before);
        if (at >= 0) {
            text.setLength(at);
            stopped = true;
            finish("stop");
            return true;
        }
        emit(text.length() - stops.heldBack(text));
        return false;
    }

    /** Reasoning positions that carry no token (CODI: bot, the latents, eot). */
    void reasoningPositions(int n) {
        reasoningPositions += n;
    }

    /** Counts the tokens from now on as reasoning, until {@link #reasoningEndsHere()} (Soft Thinking's thinking). */
    void reasoningStartsHere() {
        inReasoning = true;
    }

    /** The reasoning tokens end here (Soft Thinking's thinking phase is over). */
    void reasoningEndsHere() {
        inReasoning = false;
    }

    /** Token CoT: the tokens before the one where {@code marker} starts in the text are reasoning (all if absent). */
    void reasoningEndsAt(String marker) {
        reasoningMarker = marker;
    }

    private void countReasoningBefore(String marker) {
        int at = text.indexOf(marker);
        if (at < 0) {
            reasoningTokens = tokens;
            return;
        }
        int n = 0;
        while (n < textEnds.size() && textEnds.get(n) <= at) n++;
        reasoningTokens = n;
    }

    void thought(Thought t) {
        if (keepThoughts) thoughts.add(t);
    }

    /** The top of a distribution as thought tokens. */
    List<Thought.Top> top(TopK top, int max) {
        List<Thought.Top> out = new ArrayList<>();
        for (int i = 0; i < Math.min(max, top.size()); i++) out.add(top(top.ids()[i], top.probs()[i]));
        return out;
    }

    Thought.Top top(int id, double p) {
        return new Thought.Top(id, tokenizer.decode(new int[] {id}, true), p);
    }

    /** Ends the choice: sends the rest of the text, then its Done event. */
    void finish(String finishReason) {
        if (finished) return;
        if (!stopped) {
            // an incomplete UTF-8 character left at the end becomes U+FFFD; it may complete a stop string
            int before = text.length();
            text.append(decoder.flush());
            int at = stops.find(text, before);
            if (at >= 0) {
                text.setLength(at);
                finishReason = "stop";
            }
        }
        if (reasoningMarker != null) countReasoningBefore(reasoningMarker);
        emit(text.length());
        completion.send(new Event.Done(index, text.toString(), finishReason, promptTokens,
                tokens + reasoningPositions, reasoningTokens + reasoningPositions, List.copyOf(thoughts)));
        finished = true; // after the event: whoever sees a finished choice finds its Done queued
    }

    private void emit(int upTo) {
        if (upTo > sent) {
            completion.send(new Event.Delta(index, text.substring(sent, upTo)));
            sent = upTo;
        }
    }
}
