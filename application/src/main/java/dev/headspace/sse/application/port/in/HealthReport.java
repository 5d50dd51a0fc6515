package dev.headspace.sse.application.port.in;

import java.util.Map;

/**
 * The stream side's state and counters.
 *
 * @param status      {@code ok}, {@code at_capacity} or {@code shutting_down}
 * @param disconnects closed streams by reason label ({@code client_gone}, {@code slow_consumer}, ...)
 */
public record HealthReport(String status, int activeConnections, int maxConnections, long eventsBroadcast,
                           long deliveries, long heartbeatsSent, long clientsEvicted,
                           Map<String, Long> disconnects) {

    public HealthReport {
        disconnects = Map.copyOf(disconnects);
    }

    public boolean serving() {
        return !"shutting_down".equals(status);
    }
}
