package dev.headspace.sse.adapter.http.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Deque;

/** Reads presented tokens and compares them in constant time (hashes first, so not even the length leaks). */
public final class Tokens {

    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    public Tokens(String expected) {
        this.expectedDigest = sha256(expected);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearer(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }

    /** A bearer header, else the {@code access_token} query parameter, else the named cookie; null if none. */
    public static String presented(HttpServerExchange exchange, String cookieName) {
        String token = bearer(exchange);
        if (token != null) {
            return token;
        }
        Deque<String> parameter = exchange.getQueryParameters().get("access_token");
        if (parameter != null && !parameter.isEmpty()) {
            return parameter.getFirst();
        }
        for (Cookie cookie : exchange.requestCookies()) {
            if (cookie.getName().equals(cookieName)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
