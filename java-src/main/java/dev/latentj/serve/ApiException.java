package dev.latentj.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the server refuses, with OpenAI's error object: {@code {"error": {"message", "type", "param",
 * "code"}}}. The message is for people and never holds a stack trace.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Integer retryAfterSeconds;

    private ApiException(int status, String type, String message, String param, String code, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: a field is missing, of the wrong type or out of range; {@code param} names it. */
    public static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request_error", message, param, null, null);
    }

    /** 400 with an OpenAI error code ("context_length_exceeded", ...). */
    public static ApiException invalid(String param, String code, String message) {
        return new ApiException(400, "invalid_request_error", message, param, code, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "invalid_request_error", "missing or incorrect API key: send Authorization: Bearer KEY",
                null, "invalid_api_key", null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "invalid_request_error", message, null, "not_found", null);
    }

    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "invalid_request_error", "request body larger than " + limit + " bytes", null,
                "request_too_large", null);
    }

    /** 503 with Retry-After: every slot is busy and the queue is full. */
    public static ApiException overloaded(String message, int retryAfterSeconds) {
        return new ApiException(503, "server_error", message, null, "server_overloaded", retryAfterSeconds);
    }

    /** 500: the engine failed on this request; the message says what, without internals. */
    public static ApiException internal(String message) {
        return new ApiException(500, "server_error", message, null, null, null);
    }

    public int status() { return status; }

    public Integer retryAfterSeconds() { return retryAfterSeconds; }

    public String param() { return param; }

    public String code() { return code; }

    public String type() { return type; }

    /** {@code {"error": {"message", "type", "param", "code"}}} */
    public ObjectNode body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", getMessage());
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        return root;
    }
}
