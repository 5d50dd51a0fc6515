package dev.headspace.sse.domain;

import java.util.List;
import java.util.stream.Collectors;

/** The kind of an event, written as the SSE {@code event:} field; never contains CR, LF or NUL. */
public record EventType(String value) {

    /** The server's notice to reload state ({@code event: resync}); only the server sends it. */
    public static final EventType RESYNC = new EventType("resync");
    /** The server's last event before it stops ({@code event: shutdown}); only the server sends it. */
    public static final EventType SHUTDOWN = new EventType("shutdown");
    /** EventSource's own name for a connection error: a page cannot tell an event of this type from one. */
    public static final EventType ERROR = new EventType("error");
    /** EventSource's own name for an opened connection: a page cannot tell an event of this type from one. */
    public static final EventType OPEN = new EventType("open");

    /**
     * The types no producer may publish: the control events the server writes itself and the names EventSource uses
     * for its own events. The one list; the publish check and the README name these.
     */
    public static final List<EventType> RESERVED = List.of(ERROR, OPEN, RESYNC, SHUTDOWN);

    /** The rule a reserved type breaks, as refusals state it. */
    public static final String RESERVED_RULE = "must not be a reserved type ("
            + RESERVED.stream().map(EventType::value).collect(Collectors.joining(", "))
            + ": the server's own control events and EventSource's own event names)";

    public EventType {
        Token.require("type", value);
    }

    /** Whether only the server (or the browser itself) may emit events of this type. */
    public boolean isReserved() {
        return RESERVED.contains(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
