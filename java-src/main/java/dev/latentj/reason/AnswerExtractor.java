package dev.latentj.reason;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CODI's answer scoring. The prediction is the text after the last answer prompt (the model's
 * {@code codi.answer_prompt}, e.g. {@code "The answer is:"}; the whole text if the prompt is absent); commas are
 * removed and the last number in it, by CODI's regex {@code -?\d+\.?\d*}, is the answer. Correct means exactly
 * equal to the gold float, as test.py's {@code p == g}.
 *
 * <p>test.py itself takes the last number of the whole text. The two agree whenever the answer part holds a
 * number; when it holds none, CODI would fall back on a number from the reasoning and this scores it wrong.
 */
public final class AnswerExtractor {
    private AnswerExtractor() {}

    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.?\\d*");

    /**
     * {@return the predicted number, or null when the answer part has none (results.json then says {@code null})}
     *
     * @param text         a model's decoded output
     * @param answerPrompt what introduces the answer; the last occurrence counts
     */
    public static Double extract(String text, String answerPrompt) {
        int at = text.lastIndexOf(answerPrompt);
        String answerPart = (at >= 0 ? text.substring(at + answerPrompt.length()) : text).replace(",", "");
        Matcher m = NUMBER.matcher(answerPart);
        String last = null;
        while (m.find()) last = m.group();
        return last == null ? null : Double.parseDouble(last);
    }

    /**
     * {@return whether {@code predicted} equals the gold answer exactly, as floats; no number (null) is never
     * correct}
     *
     * @param predicted what {@link #extract} read, or null
     * @param gold      the dataset's answer
     */
    public static boolean isCorrect(Double predicted, double gold) {
        return predicted != null && predicted == gold;
    }
}
