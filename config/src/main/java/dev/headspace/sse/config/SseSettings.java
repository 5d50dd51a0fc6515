package dev.headspace.sse.config;

import java.time.Duration;

/** How the live stream treats its clients. */
public record SseSettings(Duration heartbeatInterval, int maxConnections, Duration staleTimeout, Duration retryAfter,
                          Duration retry, Duration retryJitter, int clientQueueEvents, long clientQueueBytes,
                          Duration stallTimeout) {
}
