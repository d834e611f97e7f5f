package dev.latentj.bench;

import dev.latentj.reason.Answer;

import java.util.List;

/**
 * One reasoning mode on one model: the seam between the bench (datasets, scoring, metrics, results) and the
 * engine. Runners are made once per bench run and closed at its end.
 */
public interface ModeRunner extends AutoCloseable {
    /**
     * Answers one batch.
     *
     * @param batch  up to {@code --batch} problems, in dataset order
     * @param sample which of the {@code --samples} runs this is (0 for greedy modes); a sampled runner should seed
     *               each problem with {@link Seeds#of(long, int, int)} so results do not depend on the batch size
     * @return one answer per problem of {@code batch}, in its order; the bench scores {@link Answer#answer()}, and
     *         times an answer whose latency is NaN by its batch's wall time
     */
    List<Answer> run(List<Problem> batch, int sample) throws Exception;

    /** The device its model runs on as ggml names it ("CPU", "CUDA0"), for results.json; null when it has none. */
    default String backend() {
        return null;
    }

    @Override
    default void close() throws Exception {}
}
