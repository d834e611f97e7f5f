package dev.latentj.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerExtractorTest {
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "The answer is: 35|35",
            "<<8*9=72>>The answer is: 38|38",
            "The answer is: -7|-7",
            "The answer is: 3.25|3.25",
            "The answer is: 2,125|2125",
            "The answer is: 1,234,567.5 dollars|1234567.5",
            "The answer is: 5.|5",
            "The answer is: 12 apples and 3 pears|3",
            "no marker here 4 then 9|9",
            "The answer is: 10 The answer is: 11|11",
            "<<2+3=5>> The answer is: 5-3|-3",
            "The answer is:42|42",
            "The answer is: 007|7",
    })
    void lastNumberAfterTheMarker(String text, double expected) {
        OptionalDouble got = AnswerExtractor.extract(text);
        assertTrue(got.isPresent(), "no number found in: " + text);
        assertEquals(expected, got.getAsDouble(), 0.0, text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"The answer is: none", "''", "<<8*9=72>>The answer is: seventy-two"})
    void noNumberIsAbsentAndWrong(String text) {
        OptionalDouble got = AnswerExtractor.extract(text);
        assertTrue(got.isEmpty(), () -> "expected no number in '" + text + "', got " + got);
        assertFalse(AnswerExtractor.isCorrect(got, 0.0));
    }

    @Test
    void correctnessIsExactFloatEquality() {
        assertTrue(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: 18"), 18.0));
        assertTrue(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: 18.0"), 18.0));
        assertTrue(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: -0"), 0.0));
        assertFalse(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: 18.0001"), 18.0));
        assertFalse(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: 0.1"), 0.1000001));
    }
}
