package dev.headspace.sse.application.port.in;

import java.util.Map;

/**
 * The stream side's state and counters.
 *
 * @param status      {@code ok}, {@code at_capacity} or {@code shutting_down}
 * @param disconnects     closed streams by reason label ({@code client_gone}, {@code slow_consumer}, ...)
 * @param eventsPublished events producers had accepted (HTTP publish API and event writer)
 * @param eventsRefused   events producers had refused for a broken rule; nothing of them was published
 */
public record HealthReport(String status, int activeConnections, int maxConnections, long eventsBroadcast,
                           long deliveries, long heartbeatsSent, long clientsEvicted,
                           Map<String, Long> disconnects, long eventsPublished, long eventsRefused) {

    public HealthReport {
        disconnects = Map.copyOf(disconnects);
    }

    public boolean serving() {
        return !"shutting_down".equals(status);
    }
}
