package dev.latentj.bench;

import dev.latentj.reason.Answer;
import dev.latentj.reason.AnswerExtractor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/** A ModeRunner without a model: answers with {@code answer(problem, sample)} and advances a fake clock. */
final class FakeRunner implements ModeRunner {
    final List<Integer> batchSizes = new ArrayList<>();
    final List<Integer> samples = new ArrayList<>();
    private final BiFunction<Problem, Integer, String> answer;
    private final AtomicLong clock;
    boolean closed;

    FakeRunner(AtomicLong clock, BiFunction<Problem, Integer, String> answer) {
        this.clock = clock;
        this.answer = answer;
    }

    /** An untimed answer with 6 reasoning positions, its number read as the embedded CODI model's would be. */
    static Answer answer(String text) {
        return new Answer("fake", text, AnswerExtractor.extract(text, "The answer is:"), 6, 1, Double.NaN);
    }

    @Override
    public List<Answer> run(List<Problem> batch, int sample) {
        batchSizes.add(batch.size());
        samples.add(sample);
        clock.addAndGet(5_000_000L * batch.size()); // 5 ms per problem
        return batch.stream().map(p -> answer(answer.apply(p, sample))).toList();
    }

    @Override
    public void close() {
        closed = true;
    }
}
