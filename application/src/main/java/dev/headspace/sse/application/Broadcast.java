package dev.headspace.sse.application;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.StateTransition;
import dev.headspace.sse.domain.port.AgentStates;
import dev.headspace.sse.domain.port.EventEncoder;
import dev.headspace.sse.domain.port.EventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives checked events their ids, encodes each once and hands the same bytes to every matching client; the step every
 * publish ends in. Under the {@link PublishJoinLock} each event enters the log, and a transition the agents view,
 * before any client sees it, so every client sees events in id order and the view agrees with the stream. Streams
 * only queue bytes for their IO threads, so no socket write happens with the lock held and a slow client cannot hold
 * up a publisher.
 */
final class Broadcast {

    /** An event ready to broadcast, with the transition it states when it is a {@code state_transition}. */
    record Draft(NewEvent event, StateTransition transition) {
    }

    private final ClientRegistry registry;
    private final EventEncoder encoder;
    private final EventIdGenerator ids;
    private final EventLog log;
    private final AgentStates agents;
    private final PublishJoinLock lock;
    private final SseStatistics statistics;

    Broadcast(ClientRegistry registry, EventEncoder encoder, EventIdGenerator ids, EventLog log, AgentStates agents,
              PublishJoinLock lock, SseStatistics statistics) {
        this.registry = registry;
        this.encoder = encoder;
        this.ids = ids;
        this.log = log;
        this.agents = agents;
        this.lock = lock;
        this.statistics = statistics;
    }

    /** Publishes the events in order with consecutive ids; no other event is interleaved between them. */
    List<Event> all(List<Draft> drafts) {
        List<Event> published = new ArrayList<>(drafts.size());
        lock.lock();
        try {
            for (Draft draft : drafts) {
                published.add(one(draft));
            }
        } finally {
            lock.unlock();
        }
        return published;
    }

    private Event one(Draft draft) {
        EventId id = ids.next();
        Event event = draft.event().withId(id, Instant.ofEpochMilli(id.millis()));
        EncodedEvent encoded = encoder.encode(event);
        log.append(encoded);
        if (draft.transition() != null) {
            agents.record(draft.transition().toAgentState(event.timestamp()));
        }
        statistics.broadcast(fanOut(event, encoded));
        return event;
    }

    /** Hands the same bytes to every subscription whose filter matches; each distinct filter is matched once. */
    private int fanOut(Event event, EncodedEvent encoded) {
        int delivered = 0;
        for (FilterGroup group : registry.byFilter()) {
            if (group.filter().matches(event)) {
                for (RegisteredSubscription subscription : group.members()) {
                    subscription.stream().deliver(encoded);
                    delivered++;
                }
            }
        }
        return delivered;
    }
}
