package dev.latentj.serve;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One device setting per batch: the one most rows share; the others are read from their logits. */
class ReductionTest {
    @Test
    void greedyRowsOnlyVoteForTheirVocabularyLimit() {
        Reduction r = Reduction.choose(List.of(new Want.Argmax(0), new Want.Argmax(50257), new Want.Argmax(50257), new Want.Hidden()));
        assertEquals(new Reduction(0, 1f, 50257), r);
        assertTrue(r.serves(new Want.Argmax(50257)));
        assertFalse(r.serves(new Want.Argmax(0)), "a greedy row over the whole vocabulary needs its own argmax");
    }

    @Test
    void theLargestGroupWinsAndTakesItsLargestK() {
        List<Want> wants = List.of(new Want.TopK(30, 0.6f, 0), new Want.TopK(10, 0.6f, 0), new Want.TopK(64, 1f, 0),
                new Want.Argmax(0));
        Reduction r = Reduction.choose(wants);
        assertEquals(new Reduction(30, 0.6f, 0), r);
        assertTrue(r.serves(new Want.TopK(10, 0.6f, 0)), "a smaller top-k is a prefix of the device's");
        assertTrue(r.serves(new Want.Argmax(0)));
        assertFalse(r.serves(new Want.TopK(64, 1f, 0)), "another temperature is read from its logits");
        assertFalse(r.serves(new Want.TopK(40, 0.6f, 0)), "a larger top-k than the device's is too");
    }

    @Test
    void tiesGoToTheGroupSeenFirst() {
        assertEquals(new Reduction(5, 1f, 0), Reduction.choose(List.of(new Want.TopK(5, 1f, 0), new Want.TopK(5, 0.5f, 0))));
        assertEquals(Reduction.GREEDY, Reduction.choose(List.of(new Want.Hidden())));
    }
}
