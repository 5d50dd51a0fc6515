package dev.headspace.sse.adapter.http.stream;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.port.EventEncoder;

/** The {@link EventEncoder} port on SSE: each event becomes its chunk-framed {@link SseFrames#event frame}, once. */
public final class SseEventEncoder implements EventEncoder {

    @Override
    public EncodedEvent encode(Event event) {
        return new EncodedEvent(event, SseFrames.event(event));
    }
}
