package dev.headspace.sse.adapter.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes JSON bodies (the {@code *Json} records of this adapter) and the project's error shape, {@link ErrorJson}. */
public final class JsonResponses {

    private final ObjectMapper mapper;

    public JsonResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void send(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes = bytes(body);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    /** A body as the bytes {@link #send} writes, for an answer written below HTTP. */
    public byte[] bytes(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body not serialisable", e);
        }
    }

    public void error(HttpServerExchange exchange, int status, String code, String message) {
        error(exchange, status, ErrorJson.of(code, message));
    }

    public void error(HttpServerExchange exchange, int status, ErrorJson body) {
        send(exchange, status, body);
    }

    /** Answers 405 with {@code Allow: GET} unless the request is a GET; true when it has answered. */
    public boolean refusedUnlessGet(HttpServerExchange exchange) {
        if (Methods.GET.equals(exchange.getRequestMethod())) {
            return false;
        }
        exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
        error(exchange, 405, "method_not_allowed",
                exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath() + "; use GET");
        return true;
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
