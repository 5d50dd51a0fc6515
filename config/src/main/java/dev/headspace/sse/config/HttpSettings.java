package dev.headspace.sse.config;

import java.util.List;

/**
 * Where the HTTP server listens and which other origins browsers may use it from.
 *
 * @param corsOrigins exact origins ({@code https://dash.example.com}); {@code *} allows any; empty: same origin only
 */
public record HttpSettings(String host, int port, List<String> corsOrigins) {

    public HttpSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    public HttpSettings(String host, int port) {
        this(host, port, List.of());
    }
}
