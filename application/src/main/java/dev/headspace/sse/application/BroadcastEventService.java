package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.BroadcastEventUseCase;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.port.EventEncoder;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.port.EventLog;
import dev.headspace.sse.domain.NewEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns ids, encodes each event once and hands the same bytes to every matching client.
 *
 * <p>Publishing is serialised by the {@link StreamOrder} so that every client sees events in id order, and each event
 * enters the log before any client sees it. Under it, streams only queue bytes for their IO threads
 * ({@code EventStream.deliver} never blocks), so no socket write ever happens with the lock held and a slow client
 * cannot hold up a publisher.
 */
public final class BroadcastEventService implements BroadcastEventUseCase {

    private final ClientRegistry registry;
    private final EventEncoder encoder;
    private final EventIdGenerator ids;
    private final EventLog log;
    private final StreamOrder order;
    private final SseStatistics statistics;

    public BroadcastEventService(ClientRegistry registry, EventEncoder encoder, EventIdGenerator ids, EventLog log,
                                 StreamOrder order, SseStatistics statistics) {
        this.registry = registry;
        this.encoder = encoder;
        this.ids = ids;
        this.log = log;
        this.order = order;
        this.statistics = statistics;
    }

    @Override
    public Event broadcast(NewEvent event) {
        order.lock();
        try {
            return publish(event);
        } finally {
            order.unlock();
        }
    }

    @Override
    public List<Event> broadcastAll(List<NewEvent> events) {
        List<Event> published = new ArrayList<>(events.size());
        order.lock();
        try {
            for (NewEvent event : events) {
                published.add(publish(event));
            }
        } finally {
            order.unlock();
        }
        return published;
    }

    private Event publish(NewEvent draft) {
        EventId id = ids.next();
        Event event = draft.withId(id, Instant.ofEpochMilli(id.millis()));
        EncodedEvent encoded = encoder.encode(event);
        log.append(encoded);
        int delivered = 0;
        for (ClientSubscription subscription : registry.all()) {
            if (subscription.filter().matches(event)) {
                subscription.stream().deliver(encoded);
                delivered++;
            }
        }
        statistics.broadcast(delivered);
        return event;
    }
}
