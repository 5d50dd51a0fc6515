package dev.headspace.sse.domain;


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
        return WireNames.parse(values(), Intent::wireName, "intent", value);
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
