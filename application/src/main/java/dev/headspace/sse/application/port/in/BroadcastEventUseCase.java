package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.NewEvent;
import java.util.List;

/** The inbound publish port: gives events their ids and sends each to every client whose filter matches. */
public interface BroadcastEventUseCase {

    Event broadcast(NewEvent event);

    /** Publishes the events in order with consecutive ids; no other event is interleaved between them. */
    List<Event> broadcastAll(List<NewEvent> events);
}
