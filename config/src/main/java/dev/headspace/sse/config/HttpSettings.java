package dev.headspace.sse.config;

import java.util.List;

/**
 * Where the HTTP server listens, which other origins browsers may use it from, and what a connection may cost.
 *
 * @param corsOrigins exact origins ({@code https://dash.example.com}); {@code *} allows any; empty: same origin only
 * @param ioThreads   the threads that read and write every connection; 0: one per core but one, and at least one
 */
public record HttpSettings(String host, int port, List<String> corsOrigins, HttpLimits limits, int ioThreads) {

    public HttpSettings {
        corsOrigins = List.copyOf(corsOrigins);
        limits = limits == null ? HttpLimits.defaults() : limits;
        if (ioThreads < 0) {
            throw new IllegalArgumentException("'ioThreads' must be 0 (from the cores) or more, got " + ioThreads);
        }
    }
}
