package dev.headspace.sse.application.port.in;

/** A subscription the server will not take now; the client may come back later. */
public final class SubscriptionRefusedException extends RuntimeException {

    /** Why the subscription was refused. */
    public enum Reason { AT_CAPACITY, SHUTTING_DOWN, LOG_UNAVAILABLE }

    private final Reason reason;

    public SubscriptionRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
