package dev.headspace.sse.domain;

/** The coding agent an event is about. */
public record AgentId(String value) {

    public AgentId {
        Token.require("agent_id", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
