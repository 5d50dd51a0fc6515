package dev.headspace.sse.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

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
        for (Actor actor : values()) {
            if (actor.wireName.equals(value)) {
                return actor;
            }
        }
        throw new IllegalArgumentException("'actor' must be one of "
                + Arrays.stream(values()).map(Actor::wireName).collect(Collectors.joining(", "))
                + ", got \"" + (value == null ? "null" : Token.printable(value)) + "\"");
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
