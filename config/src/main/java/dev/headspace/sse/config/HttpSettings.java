package dev.headspace.sse.config;

import java.util.List;

/**
 * Where the HTTP server listens, which other origins browsers may use it from, and what a connection may cost.
 *
 * @param corsOrigins exact origins ({@code https://dash.example.com}); {@code *} allows any; empty: same origin only
 */
public record HttpSettings(String host, int port, List<String> corsOrigins, HttpLimits limits) {

    public HttpSettings {
        corsOrigins = List.copyOf(corsOrigins);
        limits = limits == null ? HttpLimits.defaults() : limits;
    }

    public HttpSettings(String host, int port, List<String> corsOrigins) {
        this(host, port, corsOrigins, HttpLimits.defaults());
    }

    public HttpSettings(String host, int port) {
        this(host, port, List.of());
    }
}
