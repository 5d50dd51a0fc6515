package dev.headspace.sse.domain.port;

/** The event log cannot be reached now; nothing was appended, and the caller may try again later. */
public final class EventLogUnavailableException extends RuntimeException {

    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
