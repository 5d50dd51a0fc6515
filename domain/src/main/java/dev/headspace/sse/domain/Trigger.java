package dev.headspace.sse.domain;

import java.util.Objects;

/** What moves a task from one state to the next: an actor with an intent, written {@code actor:intent}. */
public record Trigger(Actor actor, Intent intent) {

    public Trigger {
        Objects.requireNonNull(actor, "'actor' must not be null");
        Objects.requireNonNull(intent, "'intent' must not be null");
    }

    /** Parses {@code actor:intent}, as in {@code user:command}. */
    public static Trigger parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'trigger' must be <actor>:<intent>, got \""
                    + (text == null ? "null" : Token.printable(text)) + "\"");
        }
        return new Trigger(Actor.fromWireName(text.substring(0, colon)), Intent.fromWireName(text.substring(colon + 1)));
    }

    /** True for {@code user:command}, the only trigger that starts a task. */
    public boolean startsTask() {
        return actor == Actor.USER && intent == Intent.COMMAND;
    }

    @Override
    public String toString() {
        return actor.wireName() + ":" + intent.wireName();
    }
}
