package dev.headspace.sse.adapter.events;

import dev.headspace.sse.application.EventIdGenerator;
import dev.headspace.sse.application.port.in.BroadcastEventUseCase;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.NewEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A broadcast that records each batch it is given and assigns ids with the real generator on a frozen clock. */
final class RecordingBroadcast implements BroadcastEventUseCase {

    static final long MILLIS = 1_700_000_000_000L;

    private final EventIdGenerator ids = new EventIdGenerator(() -> MILLIS);
    private final List<List<NewEvent>> batches = new ArrayList<>();
    private final List<Event> published = new ArrayList<>();

    @Override
    public synchronized Event broadcast(NewEvent event) {
        return broadcastAll(List.of(event)).get(0);
    }

    @Override
    public synchronized List<Event> broadcastAll(List<NewEvent> events) {
        batches.add(List.copyOf(events));
        List<Event> out = new ArrayList<>();
        for (NewEvent draft : events) {
            EventId id = ids.next();
            out.add(draft.withId(id, Instant.ofEpochMilli(id.millis())));
        }
        published.addAll(out);
        return out;
    }

    synchronized List<List<NewEvent>> batches() {
        return List.copyOf(batches);
    }

    synchronized List<Event> published() {
        return List.copyOf(published);
    }
}
