package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.MaintainConnectionsUseCase;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.port.EventStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Heartbeats for connections quiet for the heartbeat interval (a send resets that clock), and removal of connections
 * that are closed, whose socket has taken nothing for the stall timeout (the peer is gone or has stopped reading), or
 * whose bytes have waited longer than the stale timeout (it reads, but never catches up). A quiet client that reads
 * its heartbeats is never removed.
 */
final class MaintainConnectionsService implements MaintainConnectionsUseCase {

    private final ClientRegistry registry;
    private final SseStatistics statistics;
    private final long heartbeatNanos;
    private final long staleNanos;
    private final long stallNanos;
    private final LongSupplier nanoClock;

    MaintainConnectionsService(ClientRegistry registry, SseStatistics statistics, Duration heartbeatInterval,
                                      Duration staleTimeout, Duration stallTimeout, LongSupplier nanoClock) {
        this.registry = registry;
        this.statistics = statistics;
        this.heartbeatNanos = heartbeatInterval.toNanos();
        this.staleNanos = staleTimeout.toNanos();
        this.stallNanos = stallTimeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /** How often {@link #sweep()} should run so heartbeats and removals are late by at most a quarter interval. */
    static Duration sweepPeriod(Duration heartbeatInterval, Duration staleTimeout, Duration stallTimeout) {
        long shortest = Math.min(heartbeatInterval.toMillis(),
                Math.min(staleTimeout.toMillis(), stallTimeout.toMillis()));
        long quarter = shortest / 4;
        return Duration.ofMillis(Math.max(10, Math.min(1_000, quarter)));
    }

    @Override
    public void sweep() {
        long now = nanoClock.getAsLong();
        for (RegisteredSubscription subscription : registry.all()) {
            EventStream stream = subscription.stream();
            if (!stream.isOpen()) {
                subscription.evict(CloseReason.CLIENT_GONE);
                continue;
            }
            long stalledSince = stream.stalledSinceNanos();
            if (stalledSince != EventStream.NOT_PENDING && now - stalledSince > stallNanos) {
                subscription.evict(CloseReason.STALLED);
                continue;
            }
            long pendingSince = stream.pendingSinceNanos();
            if (pendingSince != EventStream.NOT_PENDING) {
                if (now - pendingSince > staleNanos) {
                    subscription.evict(CloseReason.EVICTED_STALE);
                }
                continue;
            }
            if (now - stream.lastSendNanos() >= heartbeatNanos) {
                stream.heartbeat();
                statistics.heartbeat();
            }
        }
    }
}
