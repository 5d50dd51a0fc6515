package dev.headspace.sse.application;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the publish use case, read by health: events published, and events refused. A refused batch counts
 * every event in it, since none of them was published, so published + refused is every event offered.
 */
final class PublishStatistics {

    private final LongAdder published = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder unavailable = new LongAdder();

    void countPublished(int events) {
        published.add(events);
    }

    void countRefused(int events) {
        refused.add(events);
    }

    /** Events not published because the event log could not be reached. */
    void countUnavailable(int events) {
        unavailable.add(events);
    }

    public long unavailable() {
        return unavailable.sum();
    }

    public long published() {
        return published.sum();
    }

    public long refused() {
        return refused.sum();
    }
}
