package dev.headspace.sse.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one agent's current task stands, as of its last transition.
 *
 * @param updatedAt   when the last transition was published
 * @param lastTrigger the trigger of that transition
 */
public record AgentState(ProjectId projectId, AgentId agentId, TaskId taskId, TaskState state, Instant updatedAt,
                         Trigger lastTrigger) {

    public AgentState {
        Objects.requireNonNull(projectId, "'project_id' must not be null");
        Objects.requireNonNull(agentId, "'agent_id' must not be null");
        Objects.requireNonNull(taskId, "'task_id' must not be null");
        Objects.requireNonNull(state, "'state' must not be null");
        Objects.requireNonNull(updatedAt, "'updated_at' must not be null");
        Objects.requireNonNull(lastTrigger, "'last_trigger' must not be null");
    }
}
