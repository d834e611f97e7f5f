package dev.latentj.serve;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StopStringsTest {
    @Test
    void findsTheEarliestStopThatEndsInTheNewText() {
        StopStrings s = new StopStrings(List.of("###", "\n\n"));
        assertEquals(-1, s.find("abc", 0));
        assertEquals(3, s.find("abc\n\nx##", 3));
        assertEquals(1, s.find("a###\n\n", 2), "a match straddling the old and new text counts");
        assertEquals(-1, new StopStrings(List.of()).find("anything", 8));
    }

    @Test
    void holdsBackATailThatMayBecomeAStop() {
        StopStrings s = new StopStrings(List.of("The answer", "##"));
        assertEquals(0, s.heldBack("x = 5"));
        assertEquals(3, s.heldBack("x = 5 The"), "'The' could start 'The answer'");
        assertEquals(6, s.heldBack("x The an"));
        assertEquals(1, s.heldBack("x #"));
        assertEquals(0, new StopStrings(List.of()).heldBack("The"));
    }
}
