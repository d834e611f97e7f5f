package dev.latentj.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Families recognised from real chat templates (llama.cpp's models/templates), and what each renders. */
class ChatTemplateTest {
    private static final List<ChatTemplate.Message> CHAT = List.of(
            new ChatTemplate.Message("system", "Be brief."),
            new ChatTemplate.Message("user", "2+3?"),
            new ChatTemplate.Message("assistant", "<think>\nadd them\n</think>\n\n5"),
            new ChatTemplate.Message("user", " and 4+4? "));

    private static String template(String file) throws IOException {
        try (InputStream in = ChatTemplateTest.class.getResourceAsStream("templates/" + file)) {
            assertNotNull(in, file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "Qwen-Qwen2.5-7B-Instruct.jinja, CHATML",
            "Qwen-Qwen3-0.6B.jinja, CHATML_THINK",
            "Qwen-QwQ-32B.jinja, CHATML_THINK",
            "meta-llama-Llama-3.2-3B-Instruct.jinja, LLAMA3",
            "google-gemma-2-2b-it.jinja, PLAIN"})
    void recognisesTheFamily(String file, ChatTemplate.Family family) throws IOException {
        assertEquals(family, ChatTemplate.detect(template(file)).family(), file);
    }

    @Test
    void chatMlKeepsEveryTurnAsWritten() throws IOException {
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n2+3?<|im_end|>\n"
                        + "<|im_start|>assistant\n<think>\nadd them\n</think>\n\n5<|im_end|>\n<|im_start|>user\n and 4+4? <|im_end|>\n"
                        + "<|im_start|>assistant\n",
                ChatTemplate.detect(template("Qwen-Qwen2.5-7B-Instruct.jinja")).render(CHAT));
    }

    @Test
    void qwen3DropsEarlierReasoning() throws IOException {
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n2+3?<|im_end|>\n"
                        + "<|im_start|>assistant\n5<|im_end|>\n<|im_start|>user\n and 4+4? <|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.detect(template("Qwen-Qwen3-0.6B.jinja")).render(CHAT));
    }

    @Test
    void qwqOpensThinking() throws IOException {
        String out = ChatTemplate.detect(template("Qwen-QwQ-32B.jinja")).render(List.of(new ChatTemplate.Message("user", "hi")));
        assertEquals("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n", out);
    }

    @Test
    void llama3StripsContentAndLeavesBosToTheTokenizer() throws IOException {
        String out = ChatTemplate.detect(template("meta-llama-Llama-3.2-3B-Instruct.jinja"))
                .render(List.of(new ChatTemplate.Message("user", " and 4+4? ")));
        assertEquals("<|start_header_id|>user<|end_header_id|>\n\nand 4+4?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", out);
    }

    @Test
    void withoutATemplateRolesAndContentAreJoined() {
        String out = ChatTemplate.detect(null).render(List.of(new ChatTemplate.Message("system", "Be brief."),
                new ChatTemplate.Message("user", "2+3?")));
        assertEquals("system: Be brief.\nuser: 2+3?\nassistant:", out);
    }
}
