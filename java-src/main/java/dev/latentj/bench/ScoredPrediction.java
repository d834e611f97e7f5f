package dev.latentj.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.latentj.reason.Answer;
import dev.latentj.reason.AnswerExtractor;

/**
 * One entry of a mode's {@code predictions} in results.json.
 *
 * @param answer the extracted number, null (written as JSON null) when the text holds none
 * @param sample which sample run it came from; only present when the mode ran more than one
 */
@JsonPropertyOrder({"index", "text", "answer", "correct", "sample"})
public record ScoredPrediction(
        int index,
        String text,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double answer,
        boolean correct,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer sample) {

    static ScoredPrediction score(Problem problem, Answer a, Integer sample) {
        return new ScoredPrediction(problem.index(), a.text(), a.answer(), AnswerExtractor.isCorrect(a.answer(), problem.gold()), sample);
    }
}
