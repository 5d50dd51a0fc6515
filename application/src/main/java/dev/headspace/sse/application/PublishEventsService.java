package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventSchema;
import dev.headspace.sse.domain.IdempotencyKey;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.SchemaViolation;
import dev.headspace.sse.domain.StateTransition;
import dev.headspace.sse.domain.port.EventLogUnavailableException;
import dev.headspace.sse.domain.port.LogBackend;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way in for events, from any producer: checks every event of a batch against its type's schema (and a
 * transition against the state machine's rules), then broadcasts the whole batch at once or none of it. The in-process
 * producers' service on a shared log hands a checked batch to the {@link Outbox} instead, which queues it while the log
 * cannot be reached; the HTTP producers' never queues (they get {@code Unavailable} and send again).
 */
final class PublishEventsService implements PublishEventsUseCase {

    private static final System.Logger LOG = System.getLogger(PublishEventsService.class.getName());

    /** Where a checked batch goes: to the broadcast (embedded log), or to the shared log (its reader delivers). */
    interface PublishStep {
        /**
         * @param key the producer's name for the batch, or null
         * @throws EventLogUnavailableException when the log cannot be reached; nothing was published
         */
        List<Event> publish(List<Broadcast.Draft> drafts, IdempotencyKey key);
    }

    private final PublishStep step;
    private final PublishStatistics statistics;
    private final Outbox outbox;

    PublishEventsService(PublishStep step, PublishStatistics statistics) {
        this(step, statistics, null);
    }

    /** @param outbox where checked batches go instead of {@code step}, for in-process producers on a shared log */
    PublishEventsService(PublishStep step, PublishStatistics statistics, Outbox outbox) {
        this.step = step;
        this.statistics = statistics;
        this.outbox = outbox;
    }

    /** The step on a shared log: appended outside the broadcast's lock; every node's reader delivers it. */
    static PublishStep appendingTo(LogBackend log) {
        return (drafts, key) -> {
            List<NewEvent> events = drafts.stream().map(Broadcast.Draft::event).toList();
            List<EventId> ids = key == null ? log.append(events) : log.append(events, key);
            List<Event> published = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                published.add(events.get(i).withId(ids.get(i), Instant.ofEpochMilli(ids.get(i).millis())));
            }
            return published;
        };
    }

    @Override
    public PublishResult publish(List<PublishRequest> requests, IdempotencyKey key) {
        Objects.requireNonNull(requests, "'requests' must not be null");
        List<Broadcast.Draft> drafts = new ArrayList<>(requests.size());
        for (int index = 0; index < requests.size(); index++) {
            PublishRequest request = Objects.requireNonNull(requests.get(index),
                    "'requests[" + index + "]' must not be null");
            NewEvent event = request.event();
            Optional<SchemaViolation> violation = EventSchema.validate(event, request.data());
            if (violation.isPresent()) {
                statistics.countRefused(requests.size());
                LOG.log(Level.DEBUG, "publish refused, event {0} of {1}: {2}",
                        index, requests.size(), violation.get().message());
                return PublishResult.refused(index, violation.get().field(), violation.get().message());
            }
            StateTransition transition = StateTransition.isTransition(event.type())
                    ? StateTransition.read(event.projectId(), event.agentId(), request.data()) : null;
            drafts.add(new Broadcast.Draft(event, transition));
        }
        if (drafts.isEmpty()) {
            return PublishResult.accepted(List.of());
        }
        if (outbox != null) {
            PublishResult result = outbox.publish(drafts);
            if (result instanceof PublishResult.Accepted accepted) {
                statistics.countPublished(accepted.events().size());
            } else if (result instanceof PublishResult.Unavailable unavailable) {
                statistics.countUnavailable(drafts.size());
                LOG.log(Level.WARNING, "{0} events of an in-process producer dropped: {1}", drafts.size(),
                        unavailable.message());
            }
            return result;
        }
        List<Event> published;
        try {
            published = step.publish(drafts, key);
        } catch (EventLogUnavailableException e) {
            statistics.countUnavailable(drafts.size());
            LOG.log(Level.WARNING, "publish of {0} events refused, the event log is unavailable: {1}",
                    drafts.size(), e.getMessage());
            return PublishResult.unavailable(e.getMessage());
        }
        statistics.countPublished(published.size());
        return PublishResult.accepted(published);
    }
}
