package dev.headspace.sse.adapter.http.testing;

import dev.headspace.sse.domain.Event;
import java.util.List;

/** What the integration tests compare and publish: ids of events on both sides of the wire, and large payloads. */
public final class TestEvents {

    private TestEvents() {
    }

    /** The ids of events the server published, in their order. */
    public static List<String> ids(List<Event> published) {
        return published.stream().map(event -> event.id().toString()).toList();
    }

    /** The ids of events a client received, in their order. */
    public static List<String> idsOf(List<SseEvent> received) {
        return received.stream().map(SseEvent::id).toList();
    }

    /** A JSON object of about {@code bytes} bytes, {@code {"blob":"xxx..."}}, to fill socket buffers and queues. */
    public static String blob(char fill, int bytes) {
        return "{\"blob\":\"" + String.valueOf(fill).repeat(bytes) + "\"}";
    }
}
