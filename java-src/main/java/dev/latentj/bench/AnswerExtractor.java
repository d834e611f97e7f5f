package dev.latentj.bench;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CODI's answer scoring. The prediction is the text after the last {@code "The answer is:"} (the whole text if
 * the phrase is absent); commas are removed and the last number in it, by CODI's regex {@code -?\d+\.?\d*}, is
 * the answer. Correct means exactly equal to the gold float, as test.py's {@code p == g}.
 *
 * <p>test.py itself takes the last number of the whole text. The two agree whenever the answer part holds a
 * number; when it holds none, CODI would fall back on a number from the reasoning and this scores it wrong.
 */
public final class AnswerExtractor {
    private AnswerExtractor() {}

    public static final String ANSWER_PREFIX = "The answer is:";

    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.?\\d*");

    /** The predicted number, or empty when the answer part has none. */
    public static OptionalDouble extract(String text) {
        int at = text.lastIndexOf(ANSWER_PREFIX);
        String answerPart = (at >= 0 ? text.substring(at + ANSWER_PREFIX.length()) : text).replace(",", "");
        Matcher m = NUMBER.matcher(answerPart);
        String last = null;
        while (m.find()) last = m.group();
        return last == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(last));
    }

    /** Float equality with the gold answer; no number is never correct. */
    public static boolean isCorrect(OptionalDouble predicted, double gold) {
        return predicted.isPresent() && predicted.getAsDouble() == gold;
    }
}
