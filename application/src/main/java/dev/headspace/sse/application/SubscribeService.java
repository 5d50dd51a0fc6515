package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException.Reason;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.port.EventLog;
import dev.headspace.sse.domain.port.EventLogUnavailableException;
import dev.headspace.sse.domain.port.EventStream;
import dev.headspace.sse.domain.port.LogBackend;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers clients up to the connection limit and refuses them once shutdown has begun. A client that names the
 * last event it saw is first sent every later matching event from the log, or a resync notice when that cannot be
 * done; a new client is told the id it starts after, so that it can resume even if it loses its connection before
 * its first event. All of it happens under the {@link PublishJoinLock}, so live events follow with no gap and no
 * duplicate.
 */
final class SubscribeService implements SubscribeUseCase {

    /** Reads of the shared log a resume may take while the window keeps outrunning them, before a resync. */
    private static final int SHARED_READ_ATTEMPTS = 3;
    private static final System.Logger LOG = System.getLogger(SubscribeService.class.getName());

    private final ClientRegistry registry;
    private final EventLog log;
    private final PublishJoinLock order;
    private final int replayMaxEvents;
    private final SseStatistics statistics;
    private final StreamMetrics metrics;
    private final Clock clock;
    private final LogBackend shared;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param replayMaxEvents a client that missed more matching events than this is told to resync instead, since a
     *                        page that reloads its state beats a flood of stale events
     */
    SubscribeService(ClientRegistry registry, EventLog log, PublishJoinLock order, int replayMaxEvents,
                            SseStatistics statistics, StreamMetrics metrics, Clock clock) {
        this(registry, log, order, replayMaxEvents, statistics, metrics, clock, null);
    }

    /**
     * @param log    the node's log (on a shared backend, its window on the shared log)
     * @param shared the shared log, read for a client whose id is not in the window; null on the embedded backend
     */
    SubscribeService(ClientRegistry registry, EventLog log, PublishJoinLock order, int replayMaxEvents,
                     SseStatistics statistics, StreamMetrics metrics, Clock clock, LogBackend shared) {
        this.shared = shared;
        this.registry = registry;
        this.log = log;
        this.order = order;
        this.replayMaxEvents = replayMaxEvents;
        this.statistics = statistics;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public ClientSubscription subscribe(EventFilter filter, EventStream stream, String lastEventId) {
        if (registry.isClosed()) {
            throw new SubscriptionRefusedException(Reason.SHUTTING_DOWN, "the server is shutting down");
        }
        if (!registry.reserve()) {
            throw new SubscriptionRefusedException(Reason.AT_CAPACITY,
                    "the connection limit of " + registry.maxClients() + " is reached");
        }
        EventStream registered = shared != null && lastEventId != null ? new ResumedEventStream(stream) : stream;
        RegisteredSubscription subscription = new RegisteredSubscription(ids.incrementAndGet(), filter, registered,
                clock.instant(), registry, statistics);
        try {
            boolean joined;
            order.lock();
            try {
                joined = joinFromWindow(subscription, lastEventId);
            } finally {
                order.unlock();
            }
            if (!joined) {
                joinFromSharedLog(subscription, lastEventId);
            }
        } catch (RuntimeException e) {
            registry.release();
            throw e;
        }
        if (registry.isClosed()) {
            // shutdown began while this client was being added and may have missed it in its pass
            subscription.evict(CloseReason.SHUTDOWN);
        }
        return subscription;
    }

    /**
     * Sends what the client missed from the node's log and registers it, or, on a shared backend, returns false when
     * the client's id is not in the node's window (older than it, or not applied here yet); runs under the lock.
     */
    private boolean joinFromWindow(RegisteredSubscription subscription, String lastEventId) {
        EventStream stream = subscription.stream();
        if (lastEventId == null) {
            stream.markPosition(log.resumePoint());
            registry.add(subscription);
            return true;
        }
        EventId lastSeen = parseOrNull(lastEventId);
        Replay replay = lastSeen == null
                ? new Replay.Gap(ResyncReason.MALFORMED_ID, log.oldestHeld().orElse(null))
                : log.replayAfter(lastSeen, subscription.filter(), replayMaxEvents);
        if (shared != null && replay instanceof Replay.Gap gap
                && (gap.reason() == ResyncReason.TOO_OLD || gap.reason() == ResyncReason.UNKNOWN_ID)) {
            return false;
        }
        send(subscription, replay, lastEventId);
        registry.add(subscription);
        return true;
    }

    /**
     * Reads what the client missed from the shared log outside the lock, then, under it, adds what the window applied
     * meanwhile, and registers the client with live delivery skipping what it was given.
     */
    private void joinFromSharedLog(RegisteredSubscription subscription, String lastEventId) {
        EventId from = EventId.parse(lastEventId);
        List<EncodedEvent> missed = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            Replay read;
            try {
                read = shared.replayAfter(from, subscription.filter(), Math.max(0, replayMaxEvents - missed.size()));
            } catch (EventLogUnavailableException e) {
                throw new SubscriptionRefusedException(Reason.LOG_UNAVAILABLE,
                        "the event log cannot be reached to resume from " + lastEventId + ": " + e.getMessage());
            }
            order.lock();
            try {
                if (read instanceof Replay.Gap gap) {
                    send(subscription, gap, lastEventId);
                    registry.add(subscription);
                    return;
                }
                List<EncodedEvent> events = ((Replay.Events) read).events();
                missed.addAll(events);
                EventId through = events.isEmpty() ? from : events.get(events.size() - 1).event().id();
                // what the window applied since the read, the client gets from it; beyond it, live events follow
                Replay rest = through.compareTo(log.resumePoint()) < 0
                        ? log.replayAfter(through, subscription.filter(), Math.max(0, replayMaxEvents - missed.size()))
                        : new Replay.Events(List.of());
                if (rest instanceof Replay.Gap gap && gap.reason() == ResyncReason.TOO_OLD
                        && attempt < SHARED_READ_ATTEMPTS) {
                    // the window moved on past the read by more than it holds: read on from the shared log
                    from = through;
                    continue;
                }
                if (rest instanceof Replay.Events more) {
                    missed.addAll(more.events());
                    ((ResumedEventStream) subscription.stream()).givenThrough(through);
                    rest = new Replay.Events(missed);
                }
                send(subscription, rest, lastEventId);
                registry.add(subscription);
                return;
            } finally {
                order.unlock();
            }
        }
    }

    /** Sends the client what it missed, or tells it to resync; runs under the stream order. */
    private void send(RegisteredSubscription subscription, Replay replay, String lastEventId) {
        EventStream stream = subscription.stream();
        if (replay instanceof Replay.Events missed) {
            stream.replay(missed.events());
            statistics.replayed(missed.events().size());
            metrics.replayed(missed.events().size());
            return;
        }
        Replay.Gap gap = (Replay.Gap) replay;
        Resync resync = new Resync(gap.reason(), lastEventId, gap.oldestHeld(), log.resumePoint());
        stream.resync(resync);
        statistics.resynced(gap.reason());
        // per client and chosen by the client, so DEBUG: a reconnect storm must not flood the log (metrics count it)
        LOG.log(Level.DEBUG, "client {0} told to resync: {1} (last id \"{2}\", oldest held {3})", subscription.id(),
                gap.reason().label(), shortened(resync.lastEventId()), gap.oldestHeld());
    }

    /** A client's id as a log shows it: at most 64 characters. */
    private static String shortened(String text) {
        return text == null || text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static EventId parseOrNull(String text) {
        try {
            return EventId.parse(text);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
