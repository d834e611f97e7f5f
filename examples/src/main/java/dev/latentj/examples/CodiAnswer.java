package dev.latentj.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.engine.Model;
import dev.latentj.reason.Answer;
import dev.latentj.reason.CallOptions;
import dev.latentj.reason.Mode;
import dev.latentj.reason.ModeOptions;
import dev.latentj.reason.Reasoner;
import dev.latentj.reason.Thought;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CODI: the model thinks in six continuous thoughts, then answers. Prints the answer as JSON with the
 * application's own Jackson, each thought as the token it is closest to, and that Jackson's version.
 * <p>
 * Usage: {@code CodiAnswer MODEL.gguf [QUESTION]}
 */
public final class CodiAnswer {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String question = args.length > 1 ? args[1]
                : "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";
        try (Model model = Model.load(file)) {
            Reasoner reasoner = new Reasoner(model);
            Answer answer = reasoner.answer(Mode.CODI, ModeOptions.defaults(), List.of(question), List.of(0L),
                    CallOptions.none().withThoughts(true)).getFirst();

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mode", answer.mode());
            json.put("text", answer.text());
            json.put("answer", answer.answer());
            json.put("reasoning_positions", answer.reasoningPositions());
            json.put("finish_reason", answer.finishReason().id());
            // each latent read through the LM head: its most probable token
            json.put("thoughts", answer.thoughts().stream().map(Thought::top).map(top -> top.getFirst().token()).toList());
            ObjectMapper mapper = new ObjectMapper();
            System.out.println(mapper.writeValueAsString(json));
            System.out.println("jackson " + mapper.version());
        }
    }
}
