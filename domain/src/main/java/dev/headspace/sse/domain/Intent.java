package dev.headspace.sse.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a turn means for the task: a new command, progress, a question, the end of the work, or an answer. */
public enum Intent {
    COMMAND("command"),
    PROGRESS("progress"),
    QUESTION("question"),
    COMPLETION("completion"),
    ANSWER("answer");

    private final String wireName;

    Intent(String wireName) {
        this.wireName = wireName;
    }

    /** @throws IllegalArgumentException naming the field and the allowed values */
    public static Intent fromWireName(String value) {
        for (Intent intent : values()) {
            if (intent.wireName.equals(value)) {
                return intent;
            }
        }
        throw new IllegalArgumentException("'intent' must be one of "
                + Arrays.stream(values()).map(Intent::wireName).collect(Collectors.joining(", "))
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
