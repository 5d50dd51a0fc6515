package dev.headspace.sse.adapter.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.application.testing.TestCore;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AgentStateMachineConcurrencyTest {

    private static final int AGENTS = 8;
    private static final int TASKS = 50;
    private static final List<String> TASK = List.of(
            "user:command", "agent:progress", "agent:question", "user:answer", "agent:progress", "agent:completion");
    private static final List<String> STATES = List.of(
            "idle>commanded", "commanded>processing", "processing>awaiting_input", "awaiting_input>processing",
            "processing>processing", "processing>complete");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestCore core = new TestCore();
    private final AgentStateMachine machine = new AgentStateMachine(new EventWriter(core.core().publish()),
            core.core().agentStates());

    private static ProjectId project(int agent) {
        return new ProjectId("proj-" + agent % 2);
    }

    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(20, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threadsDrivingDifferentAgents_endInExactStates_withEveryMovePublishedInOrder() throws Exception {
        List<Callable<Integer>> drivers = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            int agent = a;
            drivers.add(() -> {
                int accepted = 0;
                for (int t = 0; t < TASKS; t++) {
                    for (String trigger : TASK) {
                        TransitionResult result = machine.apply(project(agent), new AgentId("agent-" + agent),
                                Trigger.parse(trigger), new TaskId("agent-" + agent + "-task-" + t));
                        accepted += result instanceof TransitionResult.Accepted ? 1 : 0;
                    }
                }
                return accepted;
            });
        }

        assertThat(runTogether(drivers)).containsOnly(TASKS * TASK.size());

        assertThat(core.core().agentStates().agentStates(null)).hasSize(AGENTS);
        for (int agent = 0; agent < AGENTS; agent++) {
            AgentState state = core.core().agentStates().agentState(project(agent), new AgentId("agent-" + agent)).orElseThrow();
            assertThat(state.state()).isEqualTo(TaskState.COMPLETE);
            assertThat(state.taskId()).isEqualTo(new TaskId("agent-" + agent + "-task-" + (TASKS - 1)));
            assertThat(state.lastTrigger()).isEqualTo(Trigger.parse("agent:completion"));
        }
        assertThat(core.core().agentStates().agentStates(new ProjectId("proj-0"))).hasSize(AGENTS / 2);

        List<Event> published = core.published();
        assertThat(published).hasSize(AGENTS * TASKS * TASK.size());
        assertThat(published).extracting(Event::id).isSorted().doesNotHaveDuplicates();
        Map<String, List<Event>> byAgent = published.stream()
                .collect(Collectors.groupingBy(event -> event.agentId().value()));
        for (List<Event> events : byAgent.values()) {
            List<String> moves = new ArrayList<>();
            for (Event event : events) {
                Map<String, Object> data = JSON.readValue(event.payloadJson(), new TypeReference<>() { });
                moves.add(data.get("from_state") + ">" + data.get("to_state"));
            }
            List<String> expected = new ArrayList<>();
            for (int t = 0; t < TASKS; t++) {
                expected.addAll(STATES);
            }
            assertThat(moves).isEqualTo(expected);
        }
    }

    @Test
    void racingCommands_onOneIdleAgent_exactlyOneStartsATask() throws Exception {
        List<Callable<TransitionResult>> commands = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            commands.add(() -> machine.apply(new ProjectId("p"), new AgentId("a"), Trigger.parse("user:command")));
        }

        List<TransitionResult> results = runTogether(commands);

        assertThat(results).filteredOn(result -> result instanceof TransitionResult.Accepted).hasSize(1);
        assertThat(results).filteredOn(result -> result instanceof TransitionResult.Refused).hasSize(AGENTS - 1);
        assertThat(core.published()).hasSize(1);
        assertThat(core.core().agentStates().agentStates(null)).extracting(AgentState::state).containsExactly(TaskState.COMMANDED);
    }
}
