package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.ProjectId;
import java.util.List;
import java.util.Optional;

/**
 * The current task state of every agent that has had a task; an agent not listed is idle. Lists are ordered by
 * project id, then agent id. The view follows the stream: every {@code state_transition} broadcast is recorded, in
 * stream order, whoever published it.
 */
public interface AgentStates {

    List<AgentState> all();

    List<AgentState> byProject(ProjectId project);

    Optional<AgentState> find(ProjectId project, AgentId agent);

    /** Records where an agent's task stands after its latest transition, replacing what was held for that agent. */
    void record(AgentState state);
}
