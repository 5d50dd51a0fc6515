package dev.headspace.sse.adapter.http.ops;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headspace.sse.domain.AgentState;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The body of {@code GET /api/agents}: every listed agent's task state. */
record AgentStatesJson(@JsonProperty("agents") List<Agent> agents) {

    static AgentStatesJson fromDomain(List<AgentState> states) {
        return new AgentStatesJson(states.stream().map(Agent::fromDomain).toList());
    }

    /** Where one agent's current task stands. */
    record Agent(
            @JsonProperty("project_id") String projectId,
            @JsonProperty("agent_id") String agentId,
            @JsonProperty("task_id") String taskId,
            @JsonProperty("state") String state,
            @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("last_trigger") String lastTrigger) {

        static Agent fromDomain(AgentState state) {
            Instant updatedAt = state.updatedAt();
            return new Agent(state.projectId().value(), state.agentId().value(),
                    state.taskId() == null ? null : state.taskId().value(), state.state().wireName(),
                    updatedAt == null ? null : DateTimeFormatter.ISO_INSTANT.format(updatedAt),
                    state.lastTrigger() == null ? null : state.lastTrigger().toString());
        }
    }
}
