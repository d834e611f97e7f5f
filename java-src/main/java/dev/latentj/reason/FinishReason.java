package dev.latentj.reason;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a generation ended; {@link #id()} is its name in JSON ({@code run --json}'s {@code finish_reason}, results.json). */
public enum FinishReason {
    /** The model ended it: eos (or, in Soft Thinking, eos while thinking). */
    STOP("stop"),
    /** It reached the limit of new tokens ({@code maxTokens}). */
    LENGTH("length"),
    /** It reached the end of the model's context before the limit of new tokens. */
    CONTEXT("context"),
    /** A {@link Cancellation} or an interrupt of the calling thread ended it; what it had produced is kept. */
    CANCELLED("cancelled");

    private final String id;

    FinishReason(String id) {
        this.id = id;
    }

    /** {@return the name in JSON: {@code stop}, {@code length}, {@code context} or {@code cancelled}} */
    @JsonValue
    public String id() {
        return id;
    }
}
