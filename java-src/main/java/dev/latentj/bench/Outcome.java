package dev.latentj.bench;

/** A scored prediction with what the metrics need beyond the JSON entry. */
record Outcome(ScoredPrediction prediction, int reasoningPositions, double latencyMs) {}
