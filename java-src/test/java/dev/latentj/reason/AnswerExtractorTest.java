package dev.latentj.reason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerExtractorTest {
    private static final String PROMPT = "The answer is:";

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
        Double got = AnswerExtractor.extract(text, PROMPT);
        assertNotNull(got, "no number found in: " + text);
        assertEquals(expected, got, 0.0, text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"The answer is: none", "''", "<<8*9=72>>The answer is: seventy-two"})
    void noNumberIsAbsentAndWrong(String text) {
        Double got = AnswerExtractor.extract(text, PROMPT);
        assertNull(got, () -> "expected no number in '" + text + "', got " + got);
        assertFalse(AnswerExtractor.isCorrect(got, 0.0));
    }

    @Test
    void theModelsAnswerPromptSplitsTheText() {
        assertEquals(3.0, AnswerExtractor.extract("7 rows. Answer: 3", "Answer:"));
        assertNull(AnswerExtractor.extract("7 rows. Answer: none", "Answer:"), "the 7 is reasoning, before the prompt");
        assertEquals(7.0, AnswerExtractor.extract("7 rows. Answer: none", PROMPT), "without its prompt the whole text counts");
    }

    @Test
    void correctnessIsExactFloatEquality() {
        assertTrue(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: 18", PROMPT), 18.0));
        assertTrue(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: 18.0", PROMPT), 18.0));
        assertTrue(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: -0", PROMPT), 0.0));
        assertFalse(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: 18.0001", PROMPT), 18.0));
        assertFalse(AnswerExtractor.isCorrect(AnswerExtractor.extract("The answer is: 0.1", PROMPT), 0.1000001));
    }
}
