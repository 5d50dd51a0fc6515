package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.port.AgentStates;
import dev.headspace.sse.domain.ProjectId;
import java.util.List;

/** Reads agent states through the {@link AgentStates} port, for one project or all of them. */
public final class GetAgentStatesService implements GetAgentStatesUseCase {

    private final AgentStates states;

    public GetAgentStatesService(AgentStates states) {
        this.states = states;
    }

    @Override
    public List<AgentState> agentStates(ProjectId project) {
        return project == null ? states.all() : states.byProject(project);
    }
}
