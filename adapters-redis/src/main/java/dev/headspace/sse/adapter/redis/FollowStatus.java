package dev.headspace.sse.adapter.redis;

import dev.headspace.sse.domain.BackendStatus;
import dev.headspace.sse.domain.EventId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * How this node follows the stream, written by the reader thread and by callers whose commands fail or succeed, read
 * by health at any time: every field is volatile or atomic, and {@link #status} alone (synchronized) keeps the time of
 * the last change.
 */
final class FollowStatus {

    private final Clock clock;
    private final Duration stallLimit;
    private volatile BooleanSupplier connected = () -> true;
    private volatile String commandFailure;
    private volatile String readerFailure;
    private volatile long readerBeatNanos = System.nanoTime();
    private volatile EventId lastApplied;
    private volatile long appliedSequence;
    private volatile long topSequence = -1;
    private final AtomicLong foreignSkipped = new AtomicLong();
    private boolean wasOk = true;
    private Instant since;

    FollowStatus(Clock clock, Duration stallLimit) {
        this.clock = clock;
        this.stallLimit = stallLimit;
        this.since = clock.instant();
    }

    /** How to tell whether the connection publishing and resuming use is up (Lettuce reconnects it by itself). */
    void connectedWhen(BooleanSupplier up) {
        connected = up;
    }

    void commandFailed(String reason) {
        commandFailure = reason;
    }

    void commandSucceeded() {
        commandFailure = null;
    }

    /** The reader cannot read; it stays degraded until it has caught up again. */
    void readerFailed(String reason) {
        readerFailure = reason;
    }

    /**
     * The reader read everything there was: it follows the stream again, and Redis answers, so an earlier failed
     * command says nothing now (the publishing connection's own state is {@link #connectedWhen}).
     */
    void readerCaughtUp() {
        readerFailure = null;
        commandFailure = null;
    }

    void readerAlive() {
        readerBeatNanos = System.nanoTime();
    }

    void applied(EventId id, long sequence) {
        lastApplied = id;
        appliedSequence = sequence;
    }

    void top(long sequence) {
        topSequence = sequence;
    }

    void foreignEntrySkipped() {
        foreignSkipped.incrementAndGet();
    }

    long foreignSkipped() {
        return foreignSkipped.get();
    }

    synchronized BackendStatus status() {
        String reason = readerFailure != null ? readerFailure : commandFailure;
        if (reason == null && !connected.getAsBoolean()) {
            reason = "the connection for publishing is down; reconnecting";
        }
        if (reason == null && System.nanoTime() - readerBeatNanos > stallLimit.toNanos()) {
            reason = "the reader has read nothing for over " + stallLimit.toSeconds() + " s";
        }
        boolean ok = reason == null;
        if (ok != wasOk) {
            wasOk = ok;
            since = clock.instant();
        }
        long top = topSequence;
        return new BackendStatus("redis", ok ? "ok" : "degraded", reason, since, lastApplied,
                top < 0 ? -1 : Math.max(0, top - appliedSequence));
    }
}
