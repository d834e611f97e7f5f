package dev.latentj.sampling;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CandidateFilterTest {

    // ids 10..14 with dyadic p = 32, 16, 8, 5, 3 / 64, so every boundary below is exact in binary
    private static final Candidates P = new Candidates(new int[] {10, 11, 12, 13, 14},
            new double[] {0.5, 0.25, 0.125, 5 / 64.0, 3 / 64.0});

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("top-k 0 disables", new CandidateFilter.TopKFilter(0), new int[] {10, 11, 12, 13, 14}),
                Arguments.of("top-k 2", new CandidateFilter.TopKFilter(2), new int[] {10, 11}),
                Arguments.of("top-k beyond size", new CandidateFilter.TopKFilter(9), new int[] {10, 11, 12, 13, 14}),
                Arguments.of("top-p 1 disables", new CandidateFilter.TopPFilter(1.0), new int[] {10, 11, 12, 13, 14}),
                Arguments.of("top-p 0.5 reached by the first", new CandidateFilter.TopPFilter(0.5), new int[] {10}),
                Arguments.of("top-p 0.6: 0.5 < 0.6 <= 0.75", new CandidateFilter.TopPFilter(0.6), new int[] {10, 11}),
                Arguments.of("top-p 0.75 reached exactly", new CandidateFilter.TopPFilter(0.75), new int[] {10, 11}),
                Arguments.of("top-p 0.95: 0.875 < 0.95 <= 0.953", new CandidateFilter.TopPFilter(0.95), new int[] {10, 11, 12, 13}),
                Arguments.of("top-p tiny keeps at least one", new CandidateFilter.TopPFilter(1e-9), new int[] {10}),
                Arguments.of("min-p 0 disables", new CandidateFilter.MinPFilter(0), new int[] {10, 11, 12, 13, 14}),
                Arguments.of("min-p 0.1: drop p < 0.05", new CandidateFilter.MinPFilter(0.1), new int[] {10, 11, 12, 13}),
                Arguments.of("min-p 0.25: drop p < 0.125, keep = 0.125", new CandidateFilter.MinPFilter(0.25), new int[] {10, 11, 12}),
                Arguments.of("min-p 0.99 keeps the max", new CandidateFilter.MinPFilter(0.99), new int[] {10}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsExactlyTheSpecifiedIds(String name, CandidateFilter filter, int[] expected) {
        Candidates out = filter.apply(P);
        assertArrayEquals(expected, out.ids(), name + ": kept " + Arrays.toString(out.ids()));
        for (int i = 0; i < out.size(); i++) assertEquals(P.probs()[i], out.probs()[i], 0.0, name + ": filters do not rescale");
    }

    @ParameterizedTest(name = "top-p {0} after top-k 3 renormalises first")
    @MethodSource("topPAfterTopK")
    void topPUsesProportionsOfWhatIsLeft(double p, int[] expected) {
        // after top-k 3: 0.5, 0.25, 0.125 over 0.875: cumulative 0.571, 0.857, 1 (of the full distribution: 0.5, 0.75, 0.875)
        Candidates out = new CandidateFilter.TopPFilter(p).apply(new CandidateFilter.TopKFilter(3).apply(P));
        assertArrayEquals(expected, out.ids(), "kept " + Arrays.toString(out.ids()));
    }

    static Stream<Arguments> topPAfterTopK() {
        return Stream.of(Arguments.of(0.8, new int[] {10, 11}), Arguments.of(0.86, new int[] {10, 11, 12}),
                Arguments.of(0.57, new int[] {10}));
    }

    @ParameterizedTest(name = "chain {0}")
    @MethodSource("chains")
    void configChainRenormalises(String name, SamplerConfig config, int[] ids, double[] probs) {
        Candidates out = config.filter(P);
        assertArrayEquals(ids, out.ids(), name);
        assertArrayEquals(probs, out.probs(), 1e-12, name + ": " + Arrays.toString(out.probs()));
    }

    static Stream<Arguments> chains() {
        return Stream.of(
                Arguments.of("top-k 3, top-p 0.8", new SamplerConfig(1f, 3, 0.8f, 0f, 0),
                        new int[] {10, 11}, new double[] {2 / 3.0, 1 / 3.0}),
                Arguments.of("top-p 0.95, min-p 0.2", new SamplerConfig(1f, 0, 0.95f, 0.2f, 0),
                        new int[] {10, 11, 12}, new double[] {4 / 7.0, 2 / 7.0, 1 / 7.0}),
                Arguments.of("nothing", new SamplerConfig(1f, 0, 1f, 0f, 0),
                        new int[] {10, 11, 12, 13, 14}, new double[] {0.5, 0.25, 0.125, 5 / 64.0, 3 / 64.0}));
    }
}
