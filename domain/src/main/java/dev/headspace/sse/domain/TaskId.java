package dev.headspace.sse.domain;

/** One task an agent works on, from the command that starts it to its completion. */
public record TaskId(String value) {

    public TaskId {
        Token.require("task_id", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
