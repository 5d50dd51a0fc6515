package dev.headspace.sse.application;

import dev.headspace.sse.domain.CloseReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the stream side has done, read by the health use case. */
public final class SseStatistics {

    private final LongAdder eventsBroadcast = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final Map<CloseReason, LongAdder> disconnects = new EnumMap<>(CloseReason.class);

    public SseStatistics() {
        for (CloseReason reason : CloseReason.values()) {
            disconnects.put(reason, new LongAdder());
        }
    }

    void broadcast(int deliveredTo) {
        eventsBroadcast.increment();
        deliveries.add(deliveredTo);
    }

    void heartbeat() {
        heartbeats.increment();
    }

    void disconnected(CloseReason reason) {
        disconnects.get(reason).increment();
    }

    public long eventsBroadcast() {
        return eventsBroadcast.sum();
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public long heartbeatsSent() {
        return heartbeats.sum();
    }

    public long disconnects(CloseReason reason) {
        return disconnects.get(reason).sum();
    }

    /** Clients the server itself removed: stale, stalled or too slow (not those that left, nor shutdown). */
    public long clientsEvicted() {
        return disconnects(CloseReason.EVICTED_STALE) + disconnects(CloseReason.STALLED)
                + disconnects(CloseReason.SLOW_CONSUMER);
    }

    public Map<String, Long> disconnectsByLabel() {
        Map<String, Long> out = new LinkedHashMap<>();
        disconnects.forEach((reason, count) -> out.put(reason.label(), count.sum()));
        return out;
    }
}
