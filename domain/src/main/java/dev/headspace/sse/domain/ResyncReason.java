package dev.headspace.sse.domain;

/** Why a reconnecting client cannot be sent what it missed, and must reload its state instead. */
public enum ResyncReason {
    /** The last id it saw is older than the oldest event the log still holds. */
    TOO_OLD("too_old"),
    /** The last id it saw is not one this server's log gave out: another server's, an earlier run's, or made up. */
    UNKNOWN_ID("unknown_id"),
    /** The last id it sent is not an event id at all. */
    MALFORMED_ID("malformed_id"),
    /** It missed more than a replay may hold; a reload is cheaper than a flood of stale events. */
    REPLAY_TOO_LONG("replay_too_long");

    private final String label;

    ResyncReason(String label) {
        this.label = label;
    }

    /** The name used on the wire, in logs, /health and metrics. */
    public String label() {
        return label;
    }
}
