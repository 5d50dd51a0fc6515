package dev.headspace.sse.application;

import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.StateTransition;
import dev.headspace.sse.domain.port.AgentStates;
import dev.headspace.sse.domain.port.EventEncoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes each event once and hands the same bytes to every matching client; the step every publish ends in. Under the
 * {@link PublishJoinLock} each event enters the node's log, and a transition the agents view, before any client sees
 * it, so every client sees events in id order and the view agrees with the stream. Streams only queue bytes for their
 * IO threads, so no socket write happens with the lock held and a slow client cannot hold up a publisher.
 *
 * <p>Two ways in. On the embedded backend, {@link #all} publishes: the node's log gives the ids. On a shared backend
 * the shared log gave the ids already, and the node's reader hands its entries, in the shared order, to
 * {@link #applyLogged}, which holds them in the node's window.
 */
final class Broadcast {

    /** An event ready to broadcast, with the transition it states when it is a {@code state_transition}. */
    record Draft(NewEvent event, StateTransition transition) {
    }

    /** An event the shared log has given an id, with the transition it states when it is a {@code state_transition}. */
    record Logged(EventId id, NewEvent event, StateTransition transition) {
    }

    private final ClientRegistry registry;
    private final EventEncoder encoder;
    private final InMemoryEventLog log;
    private final AgentStates agents;
    private final PublishJoinLock lock;
    private final SseStatistics statistics;

    /**
     * @param log the node's log: on the embedded backend it gives the ids ({@link InMemoryEventLog#assigning}); on a
     *            shared backend it is the window that holds what the reader applied
     */
    Broadcast(ClientRegistry registry, EventEncoder encoder, InMemoryEventLog log, AgentStates agents,
              PublishJoinLock lock, SseStatistics statistics) {
        this.registry = registry;
        this.encoder = encoder;
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

    /**
     * Broadcasts entries of the shared log, in its order, with the ids it gave; an entry at or below the newest id
     * already applied (read again after a reconnect) is skipped.
     *
     * @return how many were broadcast
     */
    int applyLogged(List<Logged> entries) {
        int applied = 0;
        lock.lock();
        try {
            for (Logged entry : entries) {
                if (!entry.id().isAfter(log.resumePoint())) {
                    continue;
                }
                Event event = entry.event().withId(entry.id(), Instant.ofEpochMilli(entry.id().millis()));
                EncodedEvent encoded = encoder.encode(event);
                log.hold(encoded);
                follow(entry.transition(), event);
                fanOut(event, encoded);
                applied++;
            }
        } finally {
            lock.unlock();
        }
        return applied;
    }

    /**
     * The shared log broke continuity before {@code entries}: the window starts again after {@code horizon}, every
     * client is told to resync for {@code reason} (resuming from the horizon), then the entries are broadcast.
     */
    void restart(ResyncReason reason, EventId horizon, List<Logged> entries) {
        lock.lock();
        try {
            EventId lastApplied = log.resumePoint();
            log.restartAfter(horizon);
            Resync resync = new Resync(reason, lastApplied.toString(), null, horizon);
            for (RegisteredSubscription subscription : registry.all()) {
                if (subscription.stream() instanceof ResumedEventStream resumed) {
                    resumed.deliverAll();
                }
                subscription.stream().resync(resync);
                statistics.resynced(reason);
            }
            applyLogged(entries);
        } finally {
            lock.unlock();
        }
    }

    private Event one(Draft draft) {
        EncodedEvent encoded = log.log(List.of(draft.event())).get(0);
        Event event = encoded.event();
        follow(draft.transition(), event);
        fanOut(event, encoded);
        return event;
    }

    /**
     * Records logged transitions in the agents view, in order, without holding or delivering anything: the view of a
     * node that starts after they were published.
     */
    void followOnly(List<Logged> transitions) {
        lock.lock();
        try {
            for (Logged entry : transitions) {
                follow(entry.transition(), entry.event().withId(entry.id(), Instant.ofEpochMilli(entry.id().millis())));
            }
        } finally {
            lock.unlock();
        }
    }

    private void follow(StateTransition transition, Event event) {
        if (transition != null) {
            agents.record(transition.toAgentState(event.timestamp()));
        }
    }

    /**
     * Hands the same bytes to every subscription whose filter matches. Only the filters the index files under the
     * event's agent, project or type (or under none) are matched, each distinct filter once.
     */
    private void fanOut(Event event, EncodedEvent encoded) {
        FilterIndex index = registry.index();
        int delivered = deliver(index.underAgent(event.agentId()), event, encoded)
                + deliver(index.underProject(event.projectId()), event, encoded)
                + deliver(index.underType(event.type()), event, encoded)
                + deliver(index.unkeyed(), event, encoded);
        statistics.broadcast(delivered);
    }

    /** @return how many subscriptions got the event */
    private static int deliver(FilterGroup[] candidates, Event event, EncodedEvent encoded) {
        int delivered = 0;
        for (FilterGroup group : candidates) {
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
