package dev.latentj.bench;

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

    @Override
    public List<Generation> run(List<Problem> batch, int sample) {
        batchSizes.add(batch.size());
        samples.add(sample);
        clock.addAndGet(5_000_000L * batch.size()); // 5 ms per problem
        List<Generation> out = new ArrayList<>();
        for (Problem p : batch.reversed()) out.add(new Generation(p.index(), answer.apply(p, sample), 6));
        return out;
    }

    @Override
    public void close() {
        closed = true;
    }
}
