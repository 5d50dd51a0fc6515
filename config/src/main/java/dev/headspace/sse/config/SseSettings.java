package dev.headspace.sse.config;

import java.time.Duration;

/**
 * How the live stream treats its clients.
 *
 * @param coalesceWindow the gap a busy IO thread leaves between two write passes, so a burst leaves in one write per
 *                       connection; zero writes at once
 */
public record SseSettings(Duration heartbeatInterval, int maxConnections, Duration staleTimeout, Duration retryAfter,
                          Duration retry, Duration retryJitter, int clientQueueEvents, long clientQueueBytes,
                          Duration stallTimeout, Duration coalesceWindow, long socketSendBuffer) {
}
