package dev.headspace.sse.domain;

/** A number of events and the bytes they take: how much waits in a queue, or is held in a log. */
public record QueueDepth(int events, long bytes) {

    public static final QueueDepth EMPTY = new QueueDepth(0, 0);

    public QueueDepth {
        if (events < 0 || bytes < 0) {
            throw new IllegalArgumentException("'events' and 'bytes' must be >= 0, got " + events + " and " + bytes);
        }
    }

    /** The larger of the two in each dimension. */
    public QueueDepth max(QueueDepth other) {
        return new QueueDepth(Math.max(events, other.events), Math.max(bytes, other.bytes));
    }
}
