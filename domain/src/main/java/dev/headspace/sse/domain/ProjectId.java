package dev.headspace.sse.domain;

/** The project an event belongs to. */
public record ProjectId(String value) {

    public ProjectId {
        Token.require("project_id", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
