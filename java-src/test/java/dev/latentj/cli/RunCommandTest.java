package dev.latentj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj run` end to end through Main: the JSON contract, modes, and its errors. */
class RunCommandTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private String stdout() { return console.out(); }

    private String stderr() { return console.err(); }

    @Test
    void codiOnTheEmbeddedModelPrintsTheJsonContract() throws Exception {
        assertEquals(0, console.run("run", "--json", "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?"), stderr());
        JsonNode j = new ObjectMapper().readTree(stdout());
        for (String f : new String[] {"mode", "text", "answer", "reasoning_positions", "answer_tokens", "prompt_tokens",
                "finish_reason", "latency_ms"}) {
            assertTrue(j.has(f), "missing " + f + " in " + j);
        }
        assertEquals("codi", j.get("mode").asText());
        assertEquals("The answer is: 35", j.get("text").asText()); // what PyTorch answers (reference case 0)
        assertEquals(35.0, j.get("answer").asDouble());
        assertEquals(8, j.get("reasoning_positions").asInt(), "bot + 6 latents + eot");
    }

    @Test
    void cotCountsTheThinkingTokensBeforeTheAnswerPrompt() throws Exception {
        assertEquals(0, console.run("run", "--mode", "cot", "--json", "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?"), stderr());
        JsonNode j = new ObjectMapper().readTree(stdout());
        assertEquals("<<8*9=72>>The answer is: 35", j.get("text").asText());
        assertEquals(7, j.get("reasoning_positions").asInt(), "<< 8 * 9 = 72 >> are 7 tokens before 'The answer is:'");
    }

    @Test
    void softThinkingsLimitCountsThinkingAndAnswerTogether() throws Exception {
        String q = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";
        // the think-end "The answer is:" is 4 tokens: with 5 new tokens in all it is forced after one thinking step
        assertEquals(0, console.run("run", "--mode", "soft", "--max-tokens", "5", "--json", q), stderr());
        JsonNode j = new ObjectMapper().readTree(stdout());
        assertEquals("soft", j.get("mode").asText());
        assertEquals("<<The answer is:", j.get("text").asText());
        assertEquals(5, j.get("reasoning_positions").asInt());
        assertEquals(0, j.get("answer_tokens").asInt(), "thinking took the whole limit");

        assertEquals(0, console.run("run", "--mode", "soft", "--max-thinking", "2", "--json", q), stderr());
        j = new ObjectMapper().readTree(stdout());
        assertTrue(j.get("text").asText().startsWith("<<The answer is:"), j.toString());
        assertEquals(5, j.get("reasoning_positions").asInt(), "step 2 gave way to the think-end");
        assertTrue(j.get("answer_tokens").asInt() > 0, "the answer has the rest of the limit");
    }

    @Test
    void stories260kGeneratesFromBosWithAnEmptyPrompt() {
        Path dir = Fixtures.shared("data/models/stories260K");
        Path gguf = tmp.resolve("stories.gguf");
        assertEquals(0, console.run("convert", dir.resolve("stories260K.bin").toString(), "-o", gguf.toString(), "-q"), stderr());
        assertEquals(0, console.run("run", "-m", gguf.toString(), "--mode", "generate", "--max-tokens", "40", ""), stderr());
        assertTrue(stdout().startsWith("Once upon a time, there was a little girl named Lily. She loved to play outside in the park."), stdout());
    }

    @Test
    void codiOnAModelWithoutCodiMetadataIsAClearError() {
        Path dir = Fixtures.shared("data/models/stories260K");
        Path gguf = tmp.resolve("stories.gguf");
        assertEquals(0, console.run("convert", dir.resolve("stories260K.bin").toString(), "-o", gguf.toString(), "-q"), stderr());
        assertEquals(1, console.run("run", "-m", gguf.toString(), "--mode", "codi", "Once"));
        assertTrue(stderr().startsWith("error: ") && stderr().contains("CODI metadata"), stderr());
    }

    @Test
    void aPromptLongerThanTheContextIsAClearError() {
        String prompt = "How many pens are left? ".repeat(60);
        assertEquals(1, console.run("run", prompt));
        assertTrue(stderr().startsWith("error: ") && stderr().contains("context"), stderr());
        assertEquals(1, console.run("run", "--mode", "cot", prompt));
        assertTrue(stderr().contains("context"), stderr());
    }

    @Test
    void jsonSaysWhyTheOutputEnded() throws Exception {
        String q = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";
        assertEquals(0, console.run("run", "--json", q), stderr());
        JsonNode j = new ObjectMapper().readTree(stdout());
        assertEquals("stop", j.get("finish_reason").asText());
        assertEquals(23, j.get("prompt_tokens").asInt(), "the question's GPT-2 tokens");
        assertEquals(0, console.run("run", "--mode", "cot", "--max-tokens", "2", "--json", q), stderr());
        assertEquals("length", new ObjectMapper().readTree(stdout()).get("finish_reason").asText());

        // 246 tokens of the 256-position context: 10 are left
        String longer = "Tom has 3 apples and buys 4 more. ".repeat(27) + "How many?";
        for (String mode : new String[] {"codi", "cot", "generate"}) {
            assertEquals(0, console.run("run", "--mode", mode, "--json", longer), stderr());
            j = new ObjectMapper().readTree(stdout());
            assertEquals("context", j.get("finish_reason").asText(), mode + ": " + j);
            assertEquals(246, j.get("prompt_tokens").asInt());
        }
        assertEquals(0, console.run("run", "--mode", "cot", longer), stderr());
        assertEquals("run: the output stopped at the end of the model's context\n", stderr(), "plain text says so too");
        assertEquals(0, console.run("run", "--mode", "soft", "--json", longer), stderr());
        j = new ObjectMapper().readTree(stdout());
        assertTrue(j.get("text").asText().startsWith("The answer is:"), "the think-end comes at once, leaving the answer room: " + j);
        assertTrue(j.get("answer_tokens").asInt() > 0, j.toString());
    }

    @Test
    void unknownModeIsAClearError() {
        assertEquals(1, console.run("run", "--mode", "telepathy", "hi"));
        assertTrue(stderr().contains("unknown --mode"), stderr());
    }
}
