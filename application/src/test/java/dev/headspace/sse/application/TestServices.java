package dev.headspace.sse.application;

import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Duration;

/** The services the way bootstrap builds them, for tests that construct them by hand. */
final class TestServices {

    static final int REPLAY_MAX_EVENTS = 1_000;

    private TestServices() {
    }

    /** A log holding up to 10,000 events of up to 64 MiB for an hour, starting after id {@code 0-0}. */
    static InMemoryEventLog log(Clock clock) {
        return new InMemoryEventLog(10_000, 64L << 20, Duration.ofHours(1), clock::millis, new EventId(0, 0));
    }

    /**
     * The embedded backend's log holding up to 10,000 events of up to 64 MiB for an hour: it gives ids from
     * {@code ids} (the first is its origin) and encodes with {@code encoder}.
     */
    static InMemoryEventLog log(Clock clock, EventIdGenerator ids, dev.headspace.sse.domain.port.EventEncoder encoder) {
        return InMemoryEventLog.assigning(10_000, 64L << 20, Duration.ofHours(1), clock::millis, ids::next, encoder);
    }

    /** A subscribe service with its own empty log, for tests that publish nothing. */
    static SubscribeService subscribe(ClientRegistry registry, SseStatistics statistics, Clock clock) {
        return new SubscribeService(registry, log(clock), new PublishJoinLock(), REPLAY_MAX_EVENTS, statistics,
                StreamMetrics.NONE, clock);
    }

    /** The registered clients, as the port type the tests hold. */
    static java.util.List<dev.headspace.sse.domain.port.ClientSubscription> live(ClientRegistry registry) {
        return java.util.List.copyOf(registry.all());
    }
}
