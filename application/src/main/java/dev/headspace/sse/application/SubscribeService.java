package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException.Reason;
import dev.headspace.sse.domain.ClientSubscription;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventStream;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** Registers clients up to the connection limit; refuses them once shutdown has begun. */
public final class SubscribeService implements SubscribeUseCase {

    private final ClientRegistry registry;
    private final SseStatistics statistics;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();

    public SubscribeService(ClientRegistry registry, SseStatistics statistics, Clock clock) {
        this.registry = registry;
        this.statistics = statistics;
        this.clock = clock;
    }

    @Override
    public ClientSubscription subscribe(EventFilter filter, EventStream stream) {
        if (registry.isClosed()) {
            throw new SubscriptionRefusedException(Reason.SHUTTING_DOWN, "the server is shutting down");
        }
        if (!registry.reserve()) {
            throw new SubscriptionRefusedException(Reason.AT_CAPACITY,
                    "the connection limit of " + registry.maxClients() + " is reached");
        }
        RegisteredSubscription subscription = new RegisteredSubscription(ids.incrementAndGet(), filter, stream,
                clock.instant(), registry, statistics);
        registry.add(subscription);
        if (registry.isClosed()) {
            // shutdown began while this client was being added and may have missed it in its pass
            subscription.cancel(CloseReason.SHUTDOWN);
        }
        return subscription;
    }
}
