package dev.headspace.sse.domain;

/** Turns an event into the bytes clients receive, once per event however many clients receive it. */
public interface EventEncoder {

    EncodedEvent encode(Event event);
}
