package dev.headspace.sse.config;

import java.time.Duration;

/**
 * How the live stream treats its clients.
 *
 * @param coalesceWindow how long a busy connection waits so that a burst leaves in one write; zero writes at once
 */
public record SseSettings(Duration heartbeatInterval, int maxConnections, Duration staleTimeout, Duration retryAfter,
                          Duration retry, Duration retryJitter, int clientQueueEvents, long clientQueueBytes,
                          Duration stallTimeout, Duration coalesceWindow, long socketSendBuffer) {
}
