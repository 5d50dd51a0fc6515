package dev.headspace.sse.application;

import dev.headspace.sse.domain.EventId;
import java.util.function.LongSupplier;

/**
 * Hands out {@code <epoch-millis>-<sequence>} ids that only increase: within one millisecond the sequence counts up,
 * and a wall clock that steps back does not take the ids back with it. A restart starts from the wall clock, which
 * has moved on, so a new run never repeats an id an earlier run used.
 */
final class EventIdGenerator {

    private final LongSupplier wallMillis;
    private long lastMillis = -1;
    private long sequence;

    EventIdGenerator(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    public synchronized EventId next() {
        long now = wallMillis.getAsLong();
        if (now > lastMillis) {
            lastMillis = now;
            sequence = 0;
        } else {
            sequence++;
        }
        return new EventId(lastMillis, sequence);
    }
}
