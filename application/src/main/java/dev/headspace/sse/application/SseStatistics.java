package dev.headspace.sse.application;

import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.ResyncReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the stream side has done, read by the health use case (and through it, by metrics). */
final class SseStatistics {

    private final LongAdder eventsBroadcast = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final Map<CloseReason, LongAdder> disconnects = new EnumMap<>(CloseReason.class);
    private final LongAdder replays = new LongAdder();
    private final LongAdder eventsReplayed = new LongAdder();
    private final Map<ResyncReason, LongAdder> resyncs = new EnumMap<>(ResyncReason.class);
    private final LongAccumulator queuePeakEvents = new LongAccumulator(Math::max, 0);
    private final LongAccumulator queuePeakBytes = new LongAccumulator(Math::max, 0);

    SseStatistics() {
        for (CloseReason reason : CloseReason.values()) {
            disconnects.put(reason, new LongAdder());
        }
        for (ResyncReason reason : ResyncReason.values()) {
            resyncs.put(reason, new LongAdder());
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

    void replayed(int events) {
        replays.increment();
        eventsReplayed.add(events);
    }

    void resynced(ResyncReason reason) {
        resyncs.get(reason).increment();
    }

    /** Keeps the deepest send queue of a client that has left, so the high-water mark outlives it. */
    void queuePeak(QueueDepth depth) {
        queuePeakEvents.accumulate(depth.events());
        queuePeakBytes.accumulate(depth.bytes());
    }

    /** Reconnecting clients served from the log, including those that had missed nothing. */
    public long replays() {
        return replays.sum();
    }

    public long eventsReplayed() {
        return eventsReplayed.sum();
    }

    public long resyncs(ResyncReason reason) {
        return resyncs.get(reason).sum();
    }

    public Map<String, Long> resyncsByLabel() {
        Map<String, Long> out = new LinkedHashMap<>();
        resyncs.forEach((reason, count) -> out.put(reason.label(), count.sum()));
        return out;
    }

    /** The deepest send queue of any client that has left; live clients report their own. */
    QueueDepth departedQueuePeak() {
        return new QueueDepth((int) queuePeakEvents.get(), queuePeakBytes.get());
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
