package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.AgentsView;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.port.AgentStates;
import dev.headspace.sse.domain.port.EventLog;
import java.util.List;
import java.util.Optional;

/**
 * Reads agent states through the {@link AgentStates} port, for one project or all of them. The view is written under
 * the {@link PublishJoinLock} as each transition is broadcast, so reading it under the same lock ties it to one position.
 */
final class GetAgentStatesService implements GetAgentStatesUseCase {

    private final AgentStates states;
    private final EventLog log;
    private final PublishJoinLock order;

    GetAgentStatesService(AgentStates states, EventLog log, PublishJoinLock order) {
        this.states = states;
        this.log = log;
        this.order = order;
    }

    @Override
    public List<AgentState> agentStates(ProjectId project) {
        return project == null ? states.all() : states.byProject(project);
    }

    @Override
    public Optional<AgentState> agentState(ProjectId project, AgentId agent) {
        return states.find(project, agent);
    }

    @Override
    public AgentsView view(ProjectId project) {
        order.lock();
        try {
            return new AgentsView(agentStates(project), log.resumePoint());
        } finally {
            order.unlock();
        }
    }
}
