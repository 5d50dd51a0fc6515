package dev.headspace.sse.domain;

/** Why a client's stream ended; each is counted, logged and named in /health. */
public enum CloseReason {
    /** The client closed its connection or a write to it failed. */
    CLIENT_GONE("client_gone"),
    /** The client fell behind past its send queue's bound. */
    SLOW_CONSUMER("slow_consumer"),
    /** The client's socket took no byte for the stall timeout while bytes waited: it is gone or stopped reading. */
    STALLED("stalled"),
    /** The server is shutting down. */
    SHUTDOWN("shutdown"),
    /** Bytes waited for the client longer than the stale timeout: it reads, but never catches up. */
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
