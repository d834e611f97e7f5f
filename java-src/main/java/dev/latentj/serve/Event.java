package dev.latentj.serve;

import java.util.List;

/** What the engine tells a request's HTTP thread. Every choice ends with exactly one {@link Done}, unless {@link Failed}. */
sealed interface Event {

    /** New visible text of a choice. */
    record Delta(int choice, String text) implements Event {}

    /** A choice has finished: {@code finishReason} is stop, length or cancelled. */
    record Done(int choice, String text, String finishReason, int promptTokens, int completionTokens,
                int reasoningTokens, List<Thought> thoughts) implements Event {}

    /** The request failed as a whole; no more events follow. */
    record Failed(ApiException error) implements Event {}
}
