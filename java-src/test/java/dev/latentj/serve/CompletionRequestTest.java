package dev.latentj.serve;

import dev.latentj.reason.ModeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request fields: what is read, and a 400 naming the field for each wrong type or value. */
class CompletionRequestTest {
    private static CompletionRequest parse(String json, boolean chat) {
        return CompletionRequest.parse(json.getBytes(StandardCharsets.UTF_8), chat);
    }

    @Test
    void readsTheOpenAiFieldsAndTheReasoningExtension() {
        CompletionRequest r = parse("""
                {"model": "x", "prompt": ["a", [1, 2]], "n": 2, "max_tokens": 7, "stop": "##", "stream": true,
                 "stream_options": {"include_usage": true}, "temperature": 0.5, "top_p": 0.9, "top_k": 20, "min_p": 0.05,
                 "seed": -3, "user": "ignored",
                 "reasoning": {"mode": "soft", "noise": "gumbel", "gumbel_tau": 0.7, "max_topk": 5, "think_end": "</think>",
                               "cold_stop_entropy": 0.02, "cold_stop_patience": 3, "max_thinking": 40, "return_thoughts": true}}
                """, false);
        assertEquals(2, r.prompts().size());
        assertEquals(new CompletionRequest.Prompt.Text("a"), r.prompts().get(0));
        assertArrayEquals(new int[] {1, 2}, ((CompletionRequest.Prompt.Ids) r.prompts().get(1)).ids());
        assertEquals(2, r.n());
        assertEquals(7, r.options().maxTokens());
        assertEquals(List.of("##"), r.stop());
        assertTrue(r.stream() && r.includeUsage());
        assertEquals(-3L, r.seed());
        assertEquals(new ModeRequest.Fields("soft", "gumbel", true), r.reasoning());
        assertEquals(new ModeOptions(7, 40, "</think>", 0.5f, 20, 0.9f, 0.05f, null, 0.7, 0.02f, 3, 5, false), r.options());
        assertFalse(r.chat());
    }

    @Test
    void readsChatMessagesWithTextParts() {
        CompletionRequest r = parse("""
                {"messages": [{"role": "system", "content": null},
                              {"role": "user", "content": [{"type": "text", "text": "2+"}, {"type": "text", "text": "3?"}]}],
                 "max_completion_tokens": 4}""", true);
        assertEquals(List.of(new ChatTemplate.Message("system", ""), new ChatTemplate.Message("user", "2+3?")), r.messages());
        assertEquals(4, r.options().maxTokens());
        assertNull(r.seed());
        assertEquals(ModeRequest.Fields.NONE, r.reasoning());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"prompt\": 1}                                              | prompt",
            "{}                                                           | prompt",
            "{\"prompt\": []}                                             | prompt",
            "{\"prompt\": [1, \"a\"]}                                     | prompt",
            "{\"prompt\": \"a\", \"n\": 0}                                | n",
            "{\"prompt\": \"a\", \"n\": \"2\"}                            | n",
            "{\"prompt\": \"a\", \"max_tokens\": 1.5}                     | max_tokens",
            "{\"prompt\": \"a\", \"max_tokens\": -1}                      | max_tokens",
            "{\"prompt\": \"a\", \"temperature\": \"hot\"}                | temperature",
            "{\"prompt\": \"a\", \"top_p\": 0}                            | top_p",
            "{\"prompt\": \"a\", \"min_p\": 1}                            | min_p",
            "{\"prompt\": \"a\", \"stop\": [\"a\",\"b\",\"c\",\"d\",\"e\"]} | stop",
            "{\"prompt\": \"a\", \"stop\": \"\"}                          | stop",
            "{\"prompt\": \"a\", \"stream\": \"yes\"}                     | stream",
            "{\"prompt\": \"a\", \"reasoning\": \"codi\"}                 | reasoning",
            "{\"prompt\": \"a\", \"reasoning\": {\"mode\": 1}}            | reasoning.mode",
            "{\"prompt\": \"a\", \"reasoning\": {\"max_topk\": 65}}       | reasoning.max_topk",
            "{\"prompt\": \"a\", \"reasoning\": {\"gamma\": -1}}          | reasoning.gamma",
            "{\"prompt\": \"a\", \"logprobs\": 2}                         | logprobs",
            "{\"prompt\": \"a\", \"echo\": true}                          | echo",
            "{\"prompt\": \"a\", \"presence_penalty\": 0.5}               | presence_penalty",
            "{\"prompt\": \"a\", \"n\": 64, \"prompt\": \"b\"}            | ",
            "{\"prompt\": [\"a\", \"b\"], \"n\": 40}                      | n"})
    void wrongFieldsAre400sThatNameThem(String json, String param) {
        ApiException e = assertThrows(ApiException.class, () -> parse(json, false));
        assertEquals(400, e.status());
        assertEquals(param, e.param(), e.getMessage());
    }

    @Test
    void stopStringsAreBoundedInLength() {
        String ok = "{\"prompt\": \"a\", \"stop\": \"" + "x".repeat(CompletionRequest.MAX_STOP_LENGTH) + "\"}";
        assertEquals(CompletionRequest.MAX_STOP_LENGTH, parse(ok, false).stop().get(0).length());
        String tooLong = "{\"prompt\": \"a\", \"stop\": \"" + "x".repeat(CompletionRequest.MAX_STOP_LENGTH + 1) + "\"}";
        assertEquals("stop", assertThrows(ApiException.class, () -> parse(tooLong, false)).param());
    }

    @Test
    void malformedBodiesAre400s() {
        for (String body : new String[] {"", "{", "[1]", "{\"prompt\": \"a\"} x", "\"str\"", "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}"}) {
            ApiException e = assertThrows(ApiException.class, () -> parse(body, false), body);
            assertEquals(400, e.status());
            assertEquals("invalid_request_error", e.type());
        }
        ApiException chat = assertThrows(ApiException.class, () -> parse("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}", true));
        assertEquals("messages[0].content", chat.param());
    }
}
