package dev.headspace.sse.application.embedded;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.EventEncoder;
import dev.headspace.sse.domain.port.EventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The event log of one node, in memory: a ring of the newest events, bounded at once by a number of events, by the
 * memory they take and by their age; whichever bound is reached first drops the oldest.
 *
 * <p>The log remembers the id of the last event it dropped (at first, an origin id below every id it will hold), so it
 * can tell a client whose last id it has dropped ({@link ResyncReason#TOO_OLD}) from one whose id it never held
 * ({@link ResyncReason#UNKNOWN_ID}: an earlier run's, another server's, or made up).
 *
 * <p>It serves in two roles. On the embedded backend it is the node's whole log: built by {@link #assigning}, it gives
 * ids and encodes ({@link #log}). On a shared backend it is the node's window on the shared log: the ids come from
 * there, and the broadcast {@link #hold holds} each entry as the node's reader applies it. Callers serialise appends
 * (the broadcast's lock); every method is safe from any thread.
 */
public final class InMemoryEventLog implements EventLog {

    /** What one held event costs beyond its frame and payload text: the event, its ids and the ring slot. */
    static final int ENTRY_OVERHEAD_BYTES = 256;

    private final EncodedEvent[] ring;
    private final long maxBytes;
    private final long maxAgeMillis;
    private final LongSupplier wallMillis;
    private final Supplier<EventId> ids;
    private final EventEncoder encoder;
    private EventId origin;
    private int first;
    private int size;
    private long bytes;
    /** Every event after this id, up to {@link #newest}, is held. */
    private EventId horizon;
    private EventId newest;

    /**
     * @param capacity   the most events held; 0 holds none, so every client that reconnects after missing an event
     *                   is told to resync
     * @param maxBytes   the most memory the held events may take, counted by {@link #cost}
     * @param maxAge     events older than this (by their id's time) are dropped
     * @param wallMillis the wall clock, in the same terms as event ids
     * @param origin     an id below every id this log will be given, for example one taken from the id generator and
     *                   never used
     */
    public InMemoryEventLog(int capacity, long maxBytes, Duration maxAge, LongSupplier wallMillis, EventId origin) {
        this(capacity, maxBytes, maxAge, wallMillis, origin, null, null);
    }

    private InMemoryEventLog(int capacity, long maxBytes, Duration maxAge, LongSupplier wallMillis, EventId origin,
                             Supplier<EventId> ids, EventEncoder encoder) {
        if (capacity < 0) {
            throw new IllegalArgumentException("'capacity' must be >= 0, got " + capacity);
        }
        if (maxBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("'max-bytes' and 'max-age' must be positive, got " + maxBytes
                    + " and " + maxAge);
        }
        this.ring = new EncodedEvent[capacity];
        this.maxBytes = maxBytes;
        this.maxAgeMillis = maxAge.toMillis();
        this.wallMillis = wallMillis;
        this.origin = Objects.requireNonNull(origin, "'origin' must not be null");
        this.horizon = origin;
        this.newest = origin;
        this.ids = ids;
        this.encoder = encoder;
    }

    /**
     * The embedded backend's log, which gives ids itself: the first id {@code ids} hands out is its origin and is never
     * used, so the log knows every id it will hold.
     *
     * @param ids     ids that only increase, e.g. from the wall clock
     * @param encoder turns each appended event into the bytes every client receives, once
     */
    public static InMemoryEventLog assigning(int capacity, long maxBytes, Duration maxAge, LongSupplier wallMillis,
                                             Supplier<EventId> ids, EventEncoder encoder) {
        return new InMemoryEventLog(capacity, maxBytes, maxAge, wallMillis,
                Objects.requireNonNull(ids, "'ids' must not be null").get(), ids,
                Objects.requireNonNull(encoder, "'encoder' must not be null"));
    }

    /** The memory one event is counted as: its frame, its payload text and {@link #ENTRY_OVERHEAD_BYTES}. */
    static long cost(EncodedEvent event) {
        return (long) event.size() + event.event().payloadJson().length() + ENTRY_OVERHEAD_BYTES;
    }

    @Override
    public List<EventId> append(List<NewEvent> batch) {
        return log(batch).stream().map(event -> event.event().id()).toList();
    }

    /**
     * Gives each event the next id (its time is the id's, unless the producer gave one), encodes it once and holds it;
     * returns the held events, whose bytes every client is sent. Only a log built by {@link #assigning} gives ids.
     */
    public synchronized List<EncodedEvent> log(List<NewEvent> batch) {
        if (ids == null) {
            throw new IllegalStateException("this log is a window on a shared log, which gives the ids: hold entries");
        }
        List<EncodedEvent> logged = new ArrayList<>(batch.size());
        for (NewEvent event : batch) {
            EventId id = ids.get();
            EncodedEvent encoded = encoder.encode(event.withId(id, Instant.ofEpochMilli(id.millis())));
            hold(encoded);
            logged.add(encoded);
        }
        return logged;
    }

    /**
     * Drops everything held and starts again after {@code horizon}: the shared log lost entries this node never saw
     * (trimmed before it read them, or the log itself was lost), so nothing before it can be replayed from here.
     */
    public synchronized void restartAfter(EventId horizon) {
        while (size > 0) {
            dropOldest();
        }
        this.origin = horizon.compareTo(origin) < 0 ? horizon : origin;
        this.horizon = horizon;
        this.newest = horizon;
    }

    /** Holds the newest event, whose id was given elsewhere (the shared log); ids only increase. */
    public synchronized void hold(EncodedEvent event) {
        EventId id = event.event().id();
        if (!id.isAfter(newest)) {
            throw new IllegalArgumentException("'id' " + id + " must be after the newest held id " + newest);
        }
        dropExpired();
        long cost = cost(event);
        while (size > 0 && (size == ring.length || bytes + cost > maxBytes)) {
            dropOldest();
        }
        newest = id;
        if (ring.length == 0 || cost > maxBytes) {
            // too big to hold even alone: the log now starts after it
            horizon = id;
            return;
        }
        ring[(first + size) % ring.length] = event;
        size++;
        bytes += cost;
    }

    @Override
    public synchronized Replay replayAfter(EventId lastSeen, EventFilter filter, int maxEvents) {
        dropExpired();
        if (lastSeen.compareTo(origin) < 0 || lastSeen.isAfter(newest)) {
            return new Replay.Gap(ResyncReason.UNKNOWN_ID, oldest());
        }
        if (lastSeen.compareTo(horizon) < 0) {
            return new Replay.Gap(ResyncReason.TOO_OLD, oldest());
        }
        int start;
        if (lastSeen.equals(horizon)) {
            start = 0;
        } else {
            int found = indexOf(lastSeen);
            if (found < 0) {
                return new Replay.Gap(ResyncReason.UNKNOWN_ID, oldest());
            }
            start = found + 1;
        }
        List<EncodedEvent> missed = new ArrayList<>();
        for (int i = start; i < size; i++) {
            EncodedEvent event = at(i);
            if (filter.matches(event.event())) {
                missed.add(event);
                if (missed.size() > maxEvents) {
                    return new Replay.Gap(ResyncReason.REPLAY_TOO_LONG, oldest());
                }
            }
        }
        return new Replay.Events(missed);
    }

    @Override
    public synchronized EventId resumePoint() {
        return newest;
    }

    @Override
    public synchronized QueueDepth held() {
        return new QueueDepth(size, bytes);
    }

    @Override
    public synchronized Optional<EventId> oldestHeld() {
        dropExpired();
        return Optional.ofNullable(oldest());
    }

    private EventId oldest() {
        return size == 0 ? null : at(0).event().id();
    }

    private EncodedEvent at(int index) {
        return ring[(first + index) % ring.length];
    }

    /** Binary search by id over the held events, oldest first; -1 if the id is not held. */
    private int indexOf(EventId id) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = at(mid).event().id().compareTo(id);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void dropExpired() {
        long oldestAllowed = wallMillis.getAsLong() - maxAgeMillis;
        while (size > 0 && at(0).event().id().millis() < oldestAllowed) {
            dropOldest();
        }
    }

    private void dropOldest() {
        EncodedEvent dropped = ring[first];
        ring[first] = null;
        first = (first + 1) % ring.length;
        size--;
        bytes -= cost(dropped);
        horizon = dropped.event().id();
    }
}
