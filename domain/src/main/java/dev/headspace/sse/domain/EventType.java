package dev.headspace.sse.domain;

/** The kind of an event, written as the SSE {@code event:} field; never contains CR, LF or NUL. */
public record EventType(String value) {

    public EventType {
        Token.require("type", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
