package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException.Reason;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.port.EventLog;
import dev.headspace.sse.domain.port.EventStream;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers clients up to the connection limit and refuses them once shutdown has begun. A client that names the
 * last event it saw is first sent every later matching event from the log, or a resync notice when that cannot be
 * done; a new client is told the id it starts after, so that it can resume even if it loses its connection before
 * its first event. All of it happens under the {@link PublishJoinLock}, so live events follow with no gap and no
 * duplicate.
 */
final class SubscribeService implements SubscribeUseCase {

    private static final System.Logger LOG = System.getLogger(SubscribeService.class.getName());

    private final ClientRegistry registry;
    private final EventLog log;
    private final PublishJoinLock order;
    private final int replayMaxEvents;
    private final SseStatistics statistics;
    private final StreamMetrics metrics;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param replayMaxEvents a client that missed more matching events than this is told to resync instead, since a
     *                        page that reloads its state beats a flood of stale events
     */
    SubscribeService(ClientRegistry registry, EventLog log, PublishJoinLock order, int replayMaxEvents,
                            SseStatistics statistics, StreamMetrics metrics, Clock clock) {
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
        RegisteredSubscription subscription = new RegisteredSubscription(ids.incrementAndGet(), filter, stream,
                clock.instant(), registry, statistics);
        order.lock();
        try {
            if (lastEventId == null) {
                stream.markPosition(log.resumePoint());
            } else {
                catchUp(subscription, lastEventId);
            }
            registry.add(subscription);
        } catch (RuntimeException e) {
            registry.release();
            throw e;
        } finally {
            order.unlock();
        }
        if (registry.isClosed()) {
            // shutdown began while this client was being added and may have missed it in its pass
            subscription.evict(CloseReason.SHUTDOWN);
        }
        return subscription;
    }

    /** Sends what the client missed since {@code lastEventId}, or tells it to resync; runs under the stream order. */
    private void catchUp(ClientSubscription subscription, String lastEventId) {
        EventId lastSeen = parseOrNull(lastEventId);
        Replay replay = lastSeen == null
                ? new Replay.Gap(ResyncReason.MALFORMED_ID, log.oldestHeld().orElse(null))
                : log.replayAfter(lastSeen, subscription.filter(), replayMaxEvents);
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
