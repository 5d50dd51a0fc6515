package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.ProjectId;
import java.util.List;
import java.util.Optional;

/** Reads where every agent's current task stands, for dashboards that show the fleet. */
public interface GetAgentStatesUseCase {

    /**
     * @param project the project whose agents to list, or null for every project
     * @return the agents that have had a task, ordered by project id then agent id; an agent not listed is idle
     */
    List<AgentState> agentStates(ProjectId project);

    /** Where one agent's current task stands, or empty while the agent is idle without a task. */
    Optional<AgentState> agentState(ProjectId project, AgentId agent);

    /** The same list, together with the stream position it reflects, read in one step with no event between. */
    AgentsView view(ProjectId project);
}
