package dev.latentj.train;

/** A training problem: the question, its chain of thought (steps separated by spaces) and the answer. */
public record TrainItem(String question, String cot, String answer) {}
