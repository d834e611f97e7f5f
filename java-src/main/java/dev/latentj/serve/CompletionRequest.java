package dev.latentj.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentj.params.Param;
import dev.latentj.reason.ModeOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of POST /v1/completions and /v1/chat/completions, read and type-checked (docs/serve.md lists them).
 * Unknown fields are ignored, as OpenAI clients send many; fields that would change the answer in ways this server
 * does not support (logprobs, echo, suffix, tools, penalties...) are refused rather than ignored.
 */
record CompletionRequest(List<Prompt> prompts, List<ChatTemplate.Message> messages, int n, List<String> stop,
                         boolean stream, boolean includeUsage, Long seed, ModeRequest.Fields reasoning,
                         ModeOptions options) {

    /** A completion prompt: text, or token ids. */
    sealed interface Prompt {
        record Text(String text) implements Prompt {}

        record Ids(int[] ids) implements Prompt {}
    }

    static final int MAX_CHOICES = 64;
    static final int MAX_STOPS = 4;
    /** Each token checks the text's tail against every stop string: keep that cheap. */
    static final int MAX_STOP_LENGTH = 256;

    boolean chat() {
        return messages != null;
    }

    static CompletionRequest parse(byte[] body, boolean chat) {
        JsonFields f = JsonFields.parse(body);
        refuseUnsupported(f);
        f.string("model");
        List<Prompt> prompts = chat ? null : prompts(f);
        List<ChatTemplate.Message> messages = chat ? messages(f) : null;
        int n = orDefault(f.integer("n", 1, MAX_CHOICES), 1);
        int count = (chat ? 1 : prompts.size()) * n;
        if (count > MAX_CHOICES) throw ApiException.invalid("n", count + " choices asked; at most " + MAX_CHOICES + " per request");
        Integer maxTokens = f.integer("max_completion_tokens", Param.MAX_TOKENS);
        if (maxTokens == null) maxTokens = f.integer("max_tokens", Param.MAX_TOKENS);
        JsonFields streamOptions = f.object("stream_options");
        boolean includeUsage = streamOptions != null && Boolean.TRUE.equals(streamOptions.bool("include_usage"));
        JsonFields r = f.object("reasoning");
        ModeRequest.Fields reasoning = r == null ? ModeRequest.Fields.NONE
                : new ModeRequest.Fields(r.string("mode"), r.string("noise"), Boolean.TRUE.equals(r.bool("return_thoughts")));
        return new CompletionRequest(prompts, messages, n, stops(f), Boolean.TRUE.equals(f.bool("stream")), includeUsage,
                f.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE), reasoning, options(f, r, maxTokens));
    }

    /**
     * The mode's options, each checked against the CLI option's range ({@link Param}): the OpenAI sampling fields
     * and the {@code reasoning} object's numbers.
     */
    private static ModeOptions options(JsonFields f, JsonFields r, Integer maxTokens) {
        Float temperature = f.number32("temperature", Param.TEMPERATURE);
        Integer topK = f.integer("top_k", Param.TOP_K);
        Float topP = f.number32("top_p", Param.TOP_P);
        Float minP = f.number32("min_p", Param.MIN_P);
        if (r == null) return new ModeOptions(maxTokens, null, null, temperature, topK, topP, minP, null, null, null, null, null, false);
        String thinkEnd = r.string("think_end");
        if (thinkEnd != null && thinkEnd.isEmpty()) throw ApiException.invalid("reasoning.think_end", "reasoning.think_end must not be empty");
        return new ModeOptions(maxTokens, r.integer("max_thinking", Param.MAX_THINKING), thinkEnd, temperature, topK, topP, minP,
                r.number("gamma", Param.GAMMA), r.number("gumbel_tau", Param.GUMBEL_TAU),
                r.number32("cold_stop_entropy", Param.COLD_STOP_ENTROPY), r.integer("cold_stop_patience", Param.COLD_STOP_PATIENCE),
                r.integer("max_topk", Param.MAX_TOPK), false);
    }

    private static void refuseUnsupported(JsonFields f) {
        JsonNode logprobs = f.get("logprobs");
        if (logprobs != null && !(logprobs.isBoolean() && !logprobs.booleanValue()) && !(logprobs.isNumber() && logprobs.asInt() == 0)) {
            throw ApiException.invalid("logprobs", "logprobs are not supported");
        }
        if (Boolean.TRUE.equals(f.bool("echo"))) {
            throw ApiException.invalid("echo", "echo is not supported");
        }
        for (String field : List.of("suffix", "tools", "functions", "tool_choice", "function_call")) {
            if (f.has(field)) throw ApiException.invalid(field, field + " is not supported");
        }
        for (String field : List.of("presence_penalty", "frequency_penalty", "repetition_penalty")) {
            Double p = f.number(field, -2, false, 2);
            if (p != null && p != 0) throw ApiException.invalid(field, field + " is not supported");
        }
        Integer bestOf = f.integer("best_of", 1, MAX_CHOICES);
        if (bestOf != null && bestOf > 1) throw ApiException.invalid("best_of", "best_of is not supported; use n");
        JsonNode bias = f.get("logit_bias");
        if (bias != null && !(bias.isObject() && bias.isEmpty())) throw ApiException.invalid("logit_bias", "logit_bias is not supported");
        JsonFields format = f.object("response_format");
        if (format != null && !"text".equals(format.string("type"))) {
            throw ApiException.invalid("response_format", "response_format other than text is not supported");
        }
    }

    private static List<Prompt> prompts(JsonFields f) {
        JsonNode p = f.get("prompt");
        if (p == null) throw ApiException.invalid("prompt", "prompt is required");
        if (p.isTextual()) return List.of(new Prompt.Text(p.textValue()));
        if (!p.isArray() || p.isEmpty()) {
            throw ApiException.invalid("prompt", "prompt must be a string, an array of strings, an array of token ids or an array of those");
        }
        List<Prompt> out = new ArrayList<>();
        if (p.get(0).isNumber()) {
            out.add(new Prompt.Ids(ids(p, "prompt")));
            return out;
        }
        for (int i = 0; i < p.size(); i++) {
            JsonNode e = p.get(i);
            String param = "prompt[" + i + "]";
            if (e.isTextual()) out.add(new Prompt.Text(e.textValue()));
            else if (e.isArray()) out.add(new Prompt.Ids(ids(e, param)));
            else throw ApiException.invalid(param, param + " must be a string or an array of token ids");
        }
        if (out.size() > MAX_CHOICES) throw ApiException.invalid("prompt", "at most " + MAX_CHOICES + " prompts per request");
        return out;
    }

    private static int[] ids(JsonNode array, String param) {
        if (array.isEmpty()) throw ApiException.invalid(param, param + " is empty");
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode e = array.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt()) throw ApiException.invalid(param, param + " must hold token ids (integers)");
            ids[i] = e.intValue();
        }
        return ids;
    }

    private static List<ChatTemplate.Message> messages(JsonFields f) {
        JsonNode ms = f.get("messages");
        if (ms == null || !ms.isArray() || ms.isEmpty()) throw ApiException.invalid("messages", "messages must be a non-empty array");
        List<ChatTemplate.Message> out = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode m = ms.get(i);
            if (!m.isObject()) throw ApiException.invalid(param, param + " must be an object");
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual() || role.textValue().isEmpty()) {
                throw ApiException.invalid(param + ".role", param + ".role must be a non-empty string");
            }
            out.add(new ChatTemplate.Message(role.textValue(), content(m.get("content"), param + ".content")));
        }
        return out;
    }

    /** A message's content: a string, null, or text parts ({"type": "text", "text": ...}), joined. */
    private static String content(JsonNode c, String param) {
        if (c == null || c.isNull()) return "";
        if (c.isTextual()) return c.textValue();
        if (!c.isArray()) throw ApiException.invalid(param, param + " must be a string or an array of text parts");
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : c) {
            JsonNode type = part.get("type");
            JsonNode text = part.get("text");
            if (type == null || !"text".equals(type.asText()) || text == null || !text.isTextual()) {
                throw ApiException.invalid(param, param + ": only text parts ({\"type\": \"text\", \"text\": ...}) are supported");
            }
            sb.append(text.textValue());
        }
        return sb.toString();
    }

    private static List<String> stops(JsonFields f) {
        JsonNode s = f.get("stop");
        if (s == null) return List.of();
        List<String> out = new ArrayList<>();
        if (s.isTextual()) {
            out.add(s.textValue());
        } else if (s.isArray() && s.size() <= MAX_STOPS) {
            for (JsonNode e : s) {
                if (!e.isTextual()) throw ApiException.invalid("stop", "stop must be a string or an array of up to " + MAX_STOPS + " strings");
                out.add(e.textValue());
            }
        } else {
            throw ApiException.invalid("stop", "stop must be a string or an array of up to " + MAX_STOPS + " strings");
        }
        if (out.stream().anyMatch(x -> x.isEmpty() || x.length() > MAX_STOP_LENGTH)) {
            throw ApiException.invalid("stop", "stop strings must have 1 to " + MAX_STOP_LENGTH + " characters");
        }
        return out;
    }

    private static int orDefault(Integer v, int d) {
        return v != null ? v : d;
    }
}
