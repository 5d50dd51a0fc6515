package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.port.in.AgentsView;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.application.testing.TestEncoder;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agents view follows the stream: every state_transition published, by whichever producer, moves it. */
class AgentsViewTest {

    private final Core core = Core.assemble(new Core.Options(10, Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 100, 1L << 20, Duration.ofHours(1), 100), new TestEncoder(), StreamMetrics.NONE,
            Clock.systemUTC());

    private static Map<String, Object> transition(String agent, String from, String to, String trigger) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", agent);
        data.put("task_id", "t-" + agent);
        data.put("from_state", from);
        data.put("to_state", to);
        data.put("trigger", trigger);
        return data;
    }

    private PublishResult publish(String project, String agent, Map<String, Object> data) {
        NewEvent event = new NewEvent(new EventType("state_transition"), project == null ? null : new ProjectId(project),
                agent == null ? null : new AgentId(agent), "{}", null);
        return core.publish().publish(List.of(new PublishRequest(event, data)));
    }

    private static Event accepted(PublishResult result) {
        assertThat(result).isInstanceOf(PublishResult.Accepted.class);
        return ((PublishResult.Accepted) result).events().get(0);
    }

    @Test
    void publishedTransitions_moveTheView_theNewestPerAgentWins() {
        accepted(publish("alpha", "a1", transition("a1", "idle", "commanded", "user:command")));
        accepted(publish("beta", null, transition("b1", "idle", "commanded", "user:command")));
        Event last = accepted(publish("alpha", "a1", transition("a1", "commanded", "awaiting_input",
                "agent:question")));

        List<AgentState> all = core.agentStates().agentStates(null);
        assertThat(all).extracting(state -> state.projectId() + "/" + state.agentId() + "=" + state.state())
                .containsExactly("alpha/a1=awaiting_input", "beta/b1=commanded");
        assertThat(all.get(0).updatedAt()).isEqualTo(last.timestamp());
        assertThat(all.get(0).lastTrigger().toString()).isEqualTo("agent:question");
        assertThat(core.agentStates().agentStates(new ProjectId("beta")))
                .extracting(state -> state.agentId().value()).containsExactly("b1");
        assertThat(core.agentStates().agentStates(new ProjectId("gamma"))).isEmpty();
    }

    @Test
    void view_carriesThePositionOfTheNewestEventItReflects() {
        Event first = accepted(publish("alpha", "a1", transition("a1", "idle", "commanded", "user:command")));
        Event other = accepted(core.publish().publish(List.of(new PublishRequest(NewEvent.of("note", "{}"),
                Map.of()))));

        AgentsView view = core.agentStates().view(null);

        assertThat(view.agents()).extracting(AgentState::state).containsExactly(TaskState.COMMANDED);
        assertThat(view.position()).isEqualTo(other.id()).isNotEqualTo(first.id());
    }

    @Test
    void unknownState_isRefused_namingTheField_andTheViewDoesNotMove() {
        PublishResult result = publish("alpha", "a1", transition("a1", "idle", "thinking", "user:command"));

        assertThat(result).isInstanceOfSatisfying(PublishResult.Refused.class, refused -> {
            assertThat(refused.field()).isEqualTo("data.to_state");
            assertThat(refused.message()).startsWith("'data.to_state' must be one of idle, commanded");
        });
        assertThat(core.agentStates().agentStates(null)).isEmpty();
        assertThat(core.health().health().eventsBroadcast()).isZero();
    }

    @Test
    void missingProject_isRefused_asTheStateMachineWouldRefuseIt() {
        PublishResult result = publish(null, "a1", transition("a1", "idle", "commanded", "user:command"));

        assertThat(result).isInstanceOfSatisfying(PublishResult.Refused.class,
                refused -> assertThat(refused.field()).isEqualTo("project_id"));
        assertThat(core.agentStates().agentStates(null)).isEmpty();
    }

    @Test
    void eventAgentThatDiffersFromTheDataAgent_isRefused() {
        PublishResult result = publish("alpha", "a2", transition("a1", "idle", "commanded", "user:command"));

        assertThat(result).isInstanceOfSatisfying(PublishResult.Refused.class,
                refused -> assertThat(refused.field()).isEqualTo("agent_id"));
    }

    @Test
    void badTrigger_isRefused_namingTheDataField() {
        PublishResult result = publish("alpha", "a1", transition("a1", "idle", "commanded", "user"));

        assertThat(result).isInstanceOfSatisfying(PublishResult.Refused.class, refused -> {
            assertThat(refused.field()).isEqualTo("data.trigger");
            assertThat(refused.message()).startsWith("'data.trigger'");
        });
    }
}
