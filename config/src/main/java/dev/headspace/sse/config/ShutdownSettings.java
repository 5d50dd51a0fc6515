package dev.headspace.sse.config;

import java.time.Duration;

/** How long a graceful shutdown may take. */
public record ShutdownSettings(Duration timeout) {
}
