package dev.latentj.serve;

import java.util.List;

/**
 * Renders chat messages as the model's chat template would, recognising the template's family from the text of
 * the GGUF's {@code tokenizer.chat_template}, as llama.cpp's built-in templates do (llm_chat_detect_template):
 * <ul>
 *   <li>ChatML ({@code <|im_start|>}): {@code <|im_start|>role\ncontent<|im_end|>\n} per message, then
 *       {@code <|im_start|>assistant\n};</li>
 *   <li>Qwen3 / QwQ (ChatML with {@code <think>}): the same, but earlier assistant turns lose their
 *       {@code <think>...</think>} block, and a template whose generation prompt opens {@code <think>} gets it;</li>
 *   <li>Llama 3 ({@code <|start_header_id|>}): {@code <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>},
 *       then the assistant header; BOS comes from the tokenizer;</li>
 *   <li>no template, or one of another family: "role: content" lines joined by a newline, then {@code assistant:}.</li>
 * </ul>
 * Template-specific extras (a default system prompt, dates, tool definitions) are not reproduced.
 */
final class ChatTemplate {

    enum Family { CHATML, CHATML_THINK, LLAMA3, PLAIN }

    record Message(String role, String content) {}

    private final Family family;
    private final boolean opensThink;

    private ChatTemplate(Family family, boolean opensThink) {
        this.family = family;
        this.opensThink = opensThink;
    }

    /** The template's family; {@code template} is the GGUF's tokenizer.chat_template, or null. */
    static ChatTemplate detect(String template) {
        if (template == null || template.isBlank()) return new ChatTemplate(Family.PLAIN, false);
        if (template.contains("<|im_start|>")) {
            if (!template.contains("<think>")) return new ChatTemplate(Family.CHATML, false);
            // QwQ's generation prompt is '<|im_start|>assistant\n<think>\n' (escaped newlines in the template source)
            return new ChatTemplate(Family.CHATML_THINK, template.contains("assistant\\n<think>\\n"));
        }
        if (template.contains("<|start_header_id|>") && template.contains("<|end_header_id|>")) {
            return new ChatTemplate(Family.LLAMA3, false);
        }
        return new ChatTemplate(Family.PLAIN, false);
    }

    Family family() { return family; }

    /** The prompt text: the messages, then the opening of the assistant's turn. */
    String render(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        switch (family) {
            case CHATML, CHATML_THINK -> {
                for (Message m : messages) {
                    String content = family == Family.CHATML_THINK && m.role().equals("assistant") ? withoutThinking(m.content()) : m.content();
                    sb.append("<|im_start|>").append(m.role()).append('\n').append(content).append("<|im_end|>\n");
                }
                sb.append("<|im_start|>assistant\n");
                if (opensThink) sb.append("<think>\n");
            }
            case LLAMA3 -> {
                for (Message m : messages) {
                    sb.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
                            .append(m.content().strip()).append("<|eot_id|>");
                }
                sb.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
            }
            case PLAIN -> {
                for (Message m : messages) sb.append(m.role()).append(": ").append(m.content()).append('\n');
                sb.append("assistant:");
            }
        }
        return sb.toString();
    }

    /** Qwen3's template keeps only what follows the last {@code </think>} of an earlier assistant turn. */
    private static String withoutThinking(String content) {
        int end = content.lastIndexOf("</think>");
        if (end < 0) return content;
        String rest = content.substring(end + "</think>".length());
        int i = 0;
        while (i < rest.length() && rest.charAt(i) == '\n') i++;
        return rest.substring(i);
    }
}
