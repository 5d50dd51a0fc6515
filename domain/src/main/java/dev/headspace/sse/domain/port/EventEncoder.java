package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;

/** Turns an event into the bytes clients receive, once per event however many clients receive it. */
public interface EventEncoder {

    EncodedEvent encode(Event event);
}
