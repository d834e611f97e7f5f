package dev.latentj.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * OpenAI's response shapes: text_completion, chat.completion and their stream chunks, usage, and the thoughts
 * extension ({@code choices[i].thoughts}, only when the request asked for them).
 */
final class OpenAiJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String id;
    private final long created;
    private final String model;
    private final boolean chat;
    private final boolean thoughts;

    OpenAiJson(String id, long created, String model, boolean chat, boolean thoughts) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.chat = chat;
        this.thoughts = thoughts;
    }

    /** The whole response of a non-streaming request. */
    ObjectNode response(List<Event.Done> choices, int promptTokens) {
        ObjectNode root = head(chat ? "chat.completion" : "text_completion");
        ArrayNode arr = root.putArray("choices");
        for (Event.Done d : choices) {
            ObjectNode c = arr.addObject();
            c.put("index", d.choice());
            if (chat) {
                ObjectNode m = c.putObject("message");
                m.put("role", "assistant");
                m.put("content", d.text());
            } else {
                c.put("text", d.text());
            }
            c.putNull("logprobs");
            c.put("finish_reason", d.finishReason());
            if (thoughts) c.set("thoughts", thoughts(d.thoughts()));
        }
        root.set("usage", usage(choices, promptTokens));
        return root;
    }

    /** A stream chunk with new text of one choice; {@code first} opens a chat choice with its role. */
    ObjectNode delta(int choice, String text, boolean first) {
        ObjectNode root = head(chunkObject());
        ObjectNode c = root.putArray("choices").addObject();
        c.put("index", choice);
        if (chat) {
            ObjectNode d = c.putObject("delta");
            if (first) d.put("role", "assistant");
            d.put("content", text);
        } else {
            c.put("text", text);
        }
        c.putNull("logprobs");
        c.putNull("finish_reason");
        return root;
    }

    /** The last chunk of one choice: its finish_reason, and its thoughts when asked for. */
    ObjectNode finish(Event.Done d) {
        ObjectNode root = head(chunkObject());
        ObjectNode c = root.putArray("choices").addObject();
        c.put("index", d.choice());
        if (chat) c.putObject("delta");
        else c.put("text", "");
        c.putNull("logprobs");
        c.put("finish_reason", d.finishReason());
        if (thoughts) c.set("thoughts", thoughts(d.thoughts()));
        return root;
    }

    /** The usage chunk (stream_options.include_usage): no choices. */
    ObjectNode usageChunk(List<Event.Done> choices, int promptTokens) {
        ObjectNode root = head(chunkObject());
        root.putArray("choices");
        root.set("usage", usage(choices, promptTokens));
        return root;
    }

    private String chunkObject() {
        return chat ? "chat.completion.chunk" : "text_completion";
    }

    private ObjectNode head(String object) {
        ObjectNode root = F.objectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    static ObjectNode usage(List<Event.Done> choices, int promptTokens) {
        int completion = 0;
        int reasoning = 0;
        for (Event.Done d : choices) {
            completion += d.completionTokens();
            reasoning += d.reasoningTokens();
        }
        ObjectNode u = F.objectNode();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completion);
        u.put("total_tokens", promptTokens + completion);
        u.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
        return u;
    }

    static ArrayNode thoughts(List<Thought> steps) {
        ArrayNode arr = F.arrayNode();
        for (Thought t : steps) {
            ObjectNode o = arr.addObject();
            o.put("step", t.step());
            o.put("kind", t.kind());
            ArrayNode top = o.putArray("top");
            for (Thought.Top x : t.top()) {
                ObjectNode e = top.addObject();
                e.put("id", x.id());
                e.put("token", x.token());
                e.put("p", (float) x.p());
            }
            if (t.entropy() != null) o.put("entropy", t.entropy());
            if (t.coldStop() != null) o.put("cold_stop", t.coldStop());
        }
        return arr;
    }
}
