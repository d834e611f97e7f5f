package dev.latentj.soft;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ThinkEndMatcherTest {

    @Test
    void matchesTheSuffixOfTheTrace() {
        ThinkEndMatcher m = new ThinkEndMatcher(new int[] {8, 9});
        int[] trace = {1, 8, 9, 4};
        assertTrue(m.matches(trace, 3), "[1, 8, 9] ends with [8, 9]");
        assertFalse(m.matches(trace, 4));
        assertFalse(m.matches(trace, 2));
        assertFalse(m.matches(trace, 1), "shorter than the think-end");
        assertTrue(ThinkEndMatcher.single(4).matches(trace, 4));
        assertThrows(IllegalArgumentException.class, () -> new ThinkEndMatcher(new int[0]));
    }
}
