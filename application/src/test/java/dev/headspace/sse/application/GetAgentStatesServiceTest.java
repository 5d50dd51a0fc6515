package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.port.AgentStates;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetAgentStatesServiceTest {

    private static final AgentState ALPHA = state("alpha", "a1");
    private static final AgentState BETA = state("beta", "b1");

    /** Two fixed agents in two projects. */
    private static final class FixedAgentStates implements AgentStates {
        @Override
        public List<AgentState> all() {
            return List.of(ALPHA, BETA);
        }

        @Override
        public List<AgentState> byProject(ProjectId project) {
            return all().stream().filter(state -> state.projectId().equals(project)).toList();
        }

        @Override
        public Optional<AgentState> find(ProjectId project, AgentId agent) {
            return all().stream()
                    .filter(state -> state.projectId().equals(project) && state.agentId().equals(agent)).findFirst();
        }
    }

    private static AgentState state(String project, String agent) {
        return new AgentState(new ProjectId(project), new AgentId(agent), new TaskId("t-" + agent),
                TaskState.PROCESSING, Instant.EPOCH, Trigger.parse("agent:progress"));
    }

    private final GetAgentStatesService service = new GetAgentStatesService(new FixedAgentStates(), TestServices.log(java.time.Clock.systemUTC()), new StreamOrder());

    @Test
    void noProject_listsEveryAgent() {
        assertThat(service.agentStates(null)).containsExactly(ALPHA, BETA);
    }

    @Test
    void project_listsOnlyItsAgents() {
        assertThat(service.agentStates(new ProjectId("beta"))).containsExactly(BETA);
        assertThat(service.agentStates(new ProjectId("gamma"))).isEmpty();
    }
}
