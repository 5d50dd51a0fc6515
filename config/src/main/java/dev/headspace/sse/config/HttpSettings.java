package dev.headspace.sse.config;

/** Where the HTTP server listens. */
public record HttpSettings(String host, int port) {
}
