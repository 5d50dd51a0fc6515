package dev.headspace.sse.domain;

/** Why a client's stream ended; each is counted, logged and named in /health. */
public enum CloseReason {
    /** The client closed its connection or a write to it failed. */
    CLIENT_GONE("client_gone"),
    /** The client fell behind past its send queue's bound. */
    SLOW_CONSUMER("slow_consumer"),
    /** A write to the client has been pending longer than the stall timeout. */
    STALLED("stalled"),
    /** The server is shutting down. */
    SHUTDOWN("shutdown"),
    /** The sweep found the client's connection stuck past the stale timeout. */
    EVICTED_STALE("evicted_stale");

    private final String label;

    CloseReason(String label) {
        this.label = label;
    }

    /** The name used in logs, /health and metrics. */
    public String label() {
        return label;
    }
}
