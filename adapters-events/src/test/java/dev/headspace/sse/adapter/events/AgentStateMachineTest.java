package dev.headspace.sse.adapter.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.application.testing.TestCore;
import dev.headspace.sse.domain.Actor;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.IdempotencyKey;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.Intent;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentStateMachineTest {

    private static final ProjectId PROJECT = new ProjectId("proj");
    private static final AgentId AGENT = new AgentId("agent-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The triggers that take a fresh agent to each state. */
    private static final Map<TaskState, List<String>> PATHS = Map.of(
            TaskState.IDLE, List.of(),
            TaskState.COMMANDED, List.of("user:command"),
            TaskState.PROCESSING, List.of("user:command", "agent:progress"),
            TaskState.AWAITING_INPUT, List.of("user:command", "agent:question"),
            TaskState.COMPLETE, List.of("user:command", "agent:completion"));

    /** The combinations the machine accepts: the eight transitions, and a command that starts a new task. */
    private static final Set<String> ACCEPTED = Set.of(
            "idle user:command", "commanded agent:progress", "commanded agent:question",
            "commanded agent:completion", "processing agent:progress", "processing agent:question",
            "processing agent:completion", "awaiting_input user:answer", "complete user:command");

    /**
     * The real publish service; a refusal of everything while {@code refusing} is set; or, while {@code queueing} is
     * set, an outbox: batches wait, as {@code Queued}, until {@link #appendQueued} publishes them in order.
     */
    private static final class SwitchablePublish implements PublishEventsUseCase {
        private final PublishEventsUseCase real;
        private volatile boolean refusing;
        private volatile boolean queueing;
        private final List<Map.Entry<List<PublishRequest>, CompletableFuture<List<Event>>>> queued =
                new ArrayList<>();

        SwitchablePublish(PublishEventsUseCase real) {
            this.real = real;
        }

        @Override
        public PublishResult publish(List<PublishRequest> requests, IdempotencyKey key) {
            if (queueing) {
                CompletableFuture<List<Event>> appended = new CompletableFuture<>();
                queued.add(Map.entry(requests, appended));
                return new PublishResult.Queued(requests.stream().map(PublishRequest::event).map(e -> new NewEvent(
                        e.type(), e.projectId(), e.agentId(), e.payloadJson(), Instant.now())).toList(), appended);
            }
            return refusing ? PublishResult.refused(0, "data", "'data' refused by the test")
                    : real.publish(requests, key);
        }

        void appendQueued() {
            queueing = false;
            for (Map.Entry<List<PublishRequest>, CompletableFuture<List<Event>>> batch : queued) {
                batch.getValue().complete(((PublishResult.Accepted) real.publish(batch.getKey())).events());
            }
            queued.clear();
        }
    }

    private final TestCore core = new TestCore();
    private final SwitchablePublish publish =
            new SwitchablePublish(core.core().publish());
    private final AtomicInteger taskCount = new AtomicInteger();
    private final AgentStateMachine machine = new AgentStateMachine(new EventWriter(publish), core.core().agentStates(),
            () -> new TaskId("task-" + taskCount.incrementAndGet()));

    static Stream<Arguments> refusedCombinations() {
        return Stream.of(TaskState.values()).flatMap(state -> Stream.of(Actor.values())
                .flatMap(actor -> Stream.of(Intent.values()).map(intent -> new Trigger(actor, intent)))
                .filter(trigger -> !ACCEPTED.contains(state.wireName() + " " + trigger))
                .map(trigger -> Arguments.of(state, trigger)));
    }

    private void driveTo(TaskState state) {
        for (String trigger : PATHS.get(state)) {
            assertThat(machine.apply(PROJECT, AGENT, Trigger.parse(trigger))).isInstanceOf(TransitionResult.Accepted.class);
        }
    }

    private Optional<AgentState> current() {
        return core.core().agentStates().agentState(PROJECT, AGENT);
    }

    private static Map<String, Object> data(Event event) throws Exception {
        return JSON.readValue(event.payloadJson(), new TypeReference<>() { });
    }

    /** Every move the domain's transition table allows (TaskStateTest holds the table itself). */
    static Stream<Arguments> allowedTransitions() {
        return Stream.of(TaskState.values()).flatMap(from -> Stream.of(Actor.values())
                .flatMap(actor -> Stream.of(Intent.values()).map(intent -> new Trigger(actor, intent)))
                .flatMap(trigger -> from.next(trigger).stream()
                        .map(to -> Arguments.of(from.wireName(), trigger.toString(), to.wireName()))));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("allowedTransitions")
    void allowedTransition_movesTheAgent_andPublishesIt(String from, String trigger, String to) throws Exception {
        driveTo(TaskState.fromWireName(from));
        int before = core.published().size();

        TransitionResult result = machine.apply(PROJECT, AGENT, Trigger.parse(trigger));

        assertThat(result).isInstanceOf(TransitionResult.Accepted.class);
        TransitionResult.Accepted accepted = (TransitionResult.Accepted) result;
        Event event = accepted.event();
        assertThat(accepted.state()).isEqualTo(new AgentState(PROJECT, AGENT, new TaskId("task-1"),
                TaskState.fromWireName(to), event.timestamp(), Trigger.parse(trigger)));
        assertThat(current()).contains(accepted.state());
        assertThat(core.published()).hasSize(before + 1).endsWith(event);
        assertThat(event.type().value()).isEqualTo("state_transition");
        assertThat(event.projectId()).isEqualTo(PROJECT);
        assertThat(event.agentId()).isEqualTo(AGENT);
        assertThat(data(event)).isEqualTo(Map.of("agent_id", "agent-1", "task_id", "task-1",
                "from_state", from, "to_state", to, "trigger", trigger));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("refusedCombinations")
    void otherTrigger_isRefused_leavesTheStateAndPublishesNothing(TaskState state, Trigger trigger) {
        driveTo(state);
        Optional<AgentState> before = current();
        int published = core.published().size();

        TransitionResult result = machine.apply(PROJECT, AGENT, trigger);

        assertThat(result).isInstanceOfSatisfying(TransitionResult.Refused.class, refused -> assertThat(refused.reason())
                .startsWith("'trigger' " + trigger + " is not allowed in state " + state.wireName()));
        assertThat(current()).isEqualTo(before);
        assertThat(core.published()).hasSize(published);
    }

    @Test
    void movesWaitingInTheOutbox_theNextFollowsFromTheQueuedState_andTheViewGetsThemInOrderOnceAppended() {
        publish.queueing = true;

        TransitionResult commanded = machine.apply(PROJECT, AGENT, Trigger.parse("user:command"));
        // decided from the queued move, not from the view, which still has the agent idle
        TransitionResult asked = machine.apply(PROJECT, AGENT, Trigger.parse("agent:question"));

        assertThat(commanded).isInstanceOfSatisfying(TransitionResult.Queued.class,
                queued -> assertThat(queued.state().state()).isEqualTo(TaskState.COMMANDED));
        assertThat(asked).isInstanceOfSatisfying(TransitionResult.Queued.class,
                queued -> assertThat(queued.state().state()).isEqualTo(TaskState.AWAITING_INPUT));
        assertThat(current()).isEmpty();

        publish.appendQueued();

        assertThat(current()).get().extracting(AgentState::state).isEqualTo(TaskState.AWAITING_INPUT);
        assertThat(((TransitionResult.Queued) asked).appended().toCompletableFuture().join().id())
                .isGreaterThan(((TransitionResult.Queued) commanded).appended().toCompletableFuture().join().id());
        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("user:answer")))
                .isInstanceOfSatisfying(TransitionResult.Accepted.class,
                        accepted -> assertThat(accepted.state().state()).isEqualTo(TaskState.PROCESSING));
    }

    @Test
    void aMoveWhoseQueuedEventIsLost_leavesTheViewInCharge() {
        publish.queueing = true;
        TransitionResult.Queued lost = (TransitionResult.Queued) machine.apply(PROJECT, AGENT,
                Trigger.parse("user:command"));
        publish.queued.get(0).getValue().completeExceptionally(new IllegalStateException("node stopped"));
        publish.queued.clear();
        publish.queueing = false;

        // the view has the agent idle, so a question is refused and a command starts a task
        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("agent:question")))
                .isInstanceOf(TransitionResult.Refused.class);
        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("user:command")))
                .isInstanceOf(TransitionResult.Accepted.class);
        assertThat(lost.appended().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void idleAgent_isNotListed_untilItsFirstTask() {
        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("agent:progress")))
                .isEqualTo(new TransitionResult.Refused("'trigger' agent:progress is not allowed in state idle"));
        assertThat(core.core().agentStates().agentStates(null)).isEmpty();
    }

    @Test
    void complete_isTerminal_aCommandStartsANewTaskFromIdle() throws Exception {
        driveTo(TaskState.COMPLETE);

        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("agent:progress"))).isEqualTo(new TransitionResult.Refused(
                "'trigger' agent:progress is not allowed in state complete: complete is terminal"));
        TransitionResult result = machine.apply(PROJECT, AGENT, Trigger.parse("user:command"));

        assertThat(result).isInstanceOfSatisfying(TransitionResult.Accepted.class, accepted -> {
            assertThat(accepted.state().taskId()).isEqualTo(new TaskId("task-2"));
            assertThat(accepted.state().state()).isEqualTo(TaskState.COMMANDED);
        });
        assertThat(data(((TransitionResult.Accepted) result).event()))
                .containsEntry("task_id", "task-2").containsEntry("from_state", "idle");
    }

    @Test
    void commandWhileAwaitingInput_isRefused_askingForANewTask() {
        driveTo(TaskState.AWAITING_INPUT);

        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("user:command"))).isEqualTo(new TransitionResult.Refused(
                "'trigger' user:command is not allowed in state awaiting_input: start a new task"));
        assertThat(current()).get().extracting(AgentState::state).isEqualTo(TaskState.AWAITING_INPUT);
    }

    @Test
    void command_withATaskId_startsThatTask() {
        TransitionResult result = machine.apply(PROJECT, AGENT, Trigger.parse("user:command"), new TaskId("given"));

        assertThat(result).isInstanceOfSatisfying(TransitionResult.Accepted.class,
                accepted -> assertThat(accepted.state().taskId()).isEqualTo(new TaskId("given")));
        assertThat(taskCount).hasValue(0);
    }

    @Test
    void trigger_forTheCurrentTask_isAccepted_forAnotherTask_isRefused() {
        driveTo(TaskState.PROCESSING);
        int published = core.published().size();

        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("agent:progress"), new TaskId("old")))
                .isEqualTo(new TransitionResult.Refused(
                        "'task_id' old is not the current task of agent agent-1, which is task-1"));
        assertThat(core.published()).hasSize(published);
        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("agent:question"), new TaskId("task-1")))
                .isInstanceOf(TransitionResult.Accepted.class);
    }

    @Test
    void newTask_withTheCompletedTasksId_isRefused() {
        driveTo(TaskState.COMPLETE);

        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("user:command"), new TaskId("task-1")))
                .isEqualTo(new TransitionResult.Refused("'task_id' task-1 is complete; a new task needs a new id"));
        assertThat(current()).get().extracting(AgentState::state).isEqualTo(TaskState.COMPLETE);
    }

    @Test
    void refusedPublish_leavesTheStateUnchanged() {
        driveTo(TaskState.PROCESSING);
        Optional<AgentState> before = current();
        int published = core.published().size();
        publish.refusing = true;

        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("agent:completion")))
                .isEqualTo(new TransitionResult.Refused("'data' refused by the test"));
        assertThat(current()).isEqualTo(before);
        assertThat(core.published()).hasSize(published);

        publish.refusing = false;
        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("agent:completion")))
                .isInstanceOf(TransitionResult.Accepted.class);
    }

    @Test
    void refusedPublish_ofAFirstCommand_leavesTheAgentIdle() {
        publish.refusing = true;

        assertThat(machine.apply(PROJECT, AGENT, Trigger.parse("user:command")))
                .isInstanceOf(TransitionResult.Refused.class);
        assertThat(core.core().agentStates().agentStates(null)).isEmpty();
    }

    @Test
    void readModel_listsEachProjectsAgents() {
        ProjectId other = new ProjectId("other");
        machine.apply(PROJECT, new AgentId("b"), Trigger.parse("user:command"));
        machine.apply(other, new AgentId("a"), Trigger.parse("user:command"));
        machine.apply(PROJECT, new AgentId("a"), Trigger.parse("user:command"));
        machine.apply(PROJECT, new AgentId("a"), Trigger.parse("agent:question"));

        assertThat(core.core().agentStates().agentStates(PROJECT)).extracting(state -> state.agentId().value() + "=" + state.state())
                .containsExactly("a=awaiting_input", "b=commanded");
        assertThat(core.core().agentStates().agentStates(other)).extracting(state -> state.agentId().value() + "=" + state.state())
                .containsExactly("a=commanded");
        assertThat(core.core().agentStates().agentStates(null)).hasSize(3);
    }
}
