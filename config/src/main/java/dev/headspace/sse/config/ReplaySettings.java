package dev.headspace.sse.config;

import java.time.Duration;

/**
 * The event log that lets reconnecting clients be sent what they missed, and how much one replay may carry.
 *
 * @param capacity  the most events the log holds; 0 holds none
 * @param maxBytes  the most memory the held events may take
 * @param maxAge    events older than this are dropped
 * @param maxEvents a client that missed more matching events than this is told to resync instead
 */
public record ReplaySettings(int capacity, long maxBytes, Duration maxAge, int maxEvents) {
}
