package dev.latentj.train;

/**
 * A training problem.
 *
 * @param question the question
 * @param cot      its chain of thought, steps separated by spaces
 * @param answer   the answer
 */
public record TrainItem(String question, String cot, String answer) {}
