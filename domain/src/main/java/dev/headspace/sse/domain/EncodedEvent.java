package dev.headspace.sse.domain;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An event together with the bytes every client receives for it, encoded once; each writer takes its own
 * {@link #frame()} view of the same read-only memory.
 */
public final class EncodedEvent {

    private final Event event;
    private final ByteBuffer frame;
    private final long encodedNanos;

    /** Encoded now: {@link #encodedNanos()} is the current {@link System#nanoTime()}. */
    public EncodedEvent(Event event, ByteBuffer frame) {
        this(event, frame, System.nanoTime());
    }

    public EncodedEvent(Event event, ByteBuffer frame, long encodedNanos) {
        this.event = Objects.requireNonNull(event, "event");
        this.frame = Objects.requireNonNull(frame, "frame").asReadOnlyBuffer();
        this.encodedNanos = encodedNanos;
    }

    public Event event() {
        return event;
    }

    /** A fresh view of the encoded bytes with its own position; the bytes are shared, never copied. */
    public ByteBuffer frame() {
        return frame.duplicate();
    }

    public int size() {
        return frame.remaining();
    }

    /** {@link System#nanoTime()} when the event was encoded, which is when its broadcast began. */
    public long encodedNanos() {
        return encodedNanos;
    }
}
