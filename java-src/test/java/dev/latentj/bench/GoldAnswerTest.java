package dev.latentj.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldAnswerTest {
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "She makes 9 * 2 = $<<9*2=18>>18 every day.\\n#### 18|18",
            "#### 2,125|2125",
            "#### -3|-3",
            "<<1+1=2>> #### 2|2",
            "38|38",
            " 51.0 |51",
            "-9867630.0|-9867630",
            "a #### b #### 7|7",
            "1e3|1000",
    })
    void codiRule(String field, double expected) {
        assertEquals(expected, GoldAnswer.parse(field.replace("\\n", "\n")), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#### ", "eighteen", "#### 18 apples", "0x12", "18d", "NaN", "Infinity"})
    void notANumber(String field) {
        var e = assertThrows(NumberFormatException.class, () -> GoldAnswer.parse(field));
        assertTrue(e.getMessage().contains("is not a number"), e.getMessage());
    }
}
