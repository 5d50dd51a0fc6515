package dev.headspace.sse.domain;


/** Who moved a task: the person at the keyboard or the coding agent. */
public enum Actor {
    USER("user"),
    AGENT("agent");

    private final String wireName;

    Actor(String wireName) {
        this.wireName = wireName;
    }

    /** @throws IllegalArgumentException naming the field and the allowed values */
    public static Actor fromWireName(String value) {
        return WireNames.parse(values(), Actor::wireName, "actor", value);
    }

    /** The name in events and requests. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
