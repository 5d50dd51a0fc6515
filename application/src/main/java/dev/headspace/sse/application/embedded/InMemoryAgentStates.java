package dev.headspace.sse.application.embedded;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.port.AgentStates;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The agent states kept in memory, the embedded default: written by the broadcast in stream order, read by anyone. */
public final class InMemoryAgentStates implements AgentStates {

    private static final Comparator<AgentState> ORDER = Comparator
            .comparing((AgentState state) -> state.projectId().value())
            .thenComparing(state -> state.agentId().value());

    private final ConcurrentHashMap<Key, AgentState> states = new ConcurrentHashMap<>();

    @Override
    public List<AgentState> all() {
        return states.values().stream().sorted(ORDER).toList();
    }

    @Override
    public List<AgentState> byProject(ProjectId project) {
        return states.values().stream().filter(state -> state.projectId().equals(project)).sorted(ORDER).toList();
    }

    @Override
    public Optional<AgentState> find(ProjectId project, AgentId agent) {
        return Optional.ofNullable(states.get(new Key(project, agent)));
    }

    @Override
    public void record(AgentState state) {
        states.put(new Key(state.projectId(), state.agentId()), state);
    }

    private record Key(ProjectId project, AgentId agent) {
    }
}
