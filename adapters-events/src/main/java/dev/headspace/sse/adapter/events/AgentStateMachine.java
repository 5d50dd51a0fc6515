package dev.headspace.sse.adapter.events;

import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Moves each agent's current task through its {@link TaskState}s and publishes a {@code state_transition} event for
 * every move; a move whose event is refused does not happen. An agent without a task, or whose task is complete, is
 * idle: {@code user:command} starts a new task there, published as {@code idle -> commanded}.
 */
public final class AgentStateMachine {

    private final EventWriter writer;
    private final GetAgentStatesUseCase states;
    private final Supplier<TaskId> newTaskIds;
    // One lock for every agent: moves are rare next to broadcasts, which are serialised anyway, and one lock keeps
    // read-decide-publish-store atomic, so events go out in the order the states changed.
    private final ReentrantLock lock = new ReentrantLock();

    public AgentStateMachine(EventWriter writer, GetAgentStatesUseCase states, Supplier<TaskId> newTaskIds) {
        this.writer = writer;
        this.states = states;
        this.newTaskIds = newTaskIds;
    }

    /** Generates a random UUID for every new task. */
    public AgentStateMachine(EventWriter writer, GetAgentStatesUseCase states) {
        this(writer, states, () -> new TaskId(UUID.randomUUID().toString()));
    }

    public TransitionResult apply(ProjectId project, AgentId agent, Trigger trigger) {
        return apply(project, agent, trigger, null);
    }

    /**
     * @param taskId for a trigger that starts a task, that task's id (null: a generated one); for any other trigger,
     *               the task it is about, refused unless it is the agent's current task (null: the current task)
     */
    public TransitionResult apply(ProjectId project, AgentId agent, Trigger trigger, TaskId taskId) {
        Objects.requireNonNull(project, "'project_id' must not be null");
        Objects.requireNonNull(agent, "'agent_id' must not be null");
        Objects.requireNonNull(trigger, "'trigger' must not be null");
        lock.lock();
        try {
            AgentState current = states.agentState(project, agent).orElse(null);
            boolean newTask = current == null || (trigger.startsTask() && current.state() == TaskState.COMPLETE);
            TaskState from = newTask ? TaskState.IDLE : current.state();
            TaskState to = from.next(trigger).orElse(null);
            if (to == null) {
                return new TransitionResult.Refused(from.refusalReason(trigger));
            }
            if (!newTask && taskId != null && !taskId.equals(current.taskId())) {
                return new TransitionResult.Refused("'task_id' " + taskId + " is not the current task of agent "
                        + agent + ", which is " + current.taskId());
            }
            if (newTask && current != null && current.taskId().equals(taskId)) {
                return new TransitionResult.Refused("'task_id' " + taskId + " is complete; a new task needs a new id");
            }
            TaskId task = newTask ? (taskId != null ? taskId : newTaskIds.get()) : current.taskId();
            WriteResult written = writer.stateTransition(project, agent, task, from, to, trigger);
            if (written instanceof WriteResult.Refused refused) {
                return new TransitionResult.Refused(refused.message());
            }
            if (written instanceof WriteResult.Unavailable unavailable) {
                return new TransitionResult.Refused("not published, the agent is unchanged: " + unavailable.message());
            }
            WriteResult.Accepted accepted = (WriteResult.Accepted) written;
            // the broadcast has already put this state into the agents view, which follows the stream
            AgentState next = new AgentState(project, agent, task, to, accepted.event().timestamp(), trigger);
            return new TransitionResult.Accepted(next, accepted.event());
        } finally {
            lock.unlock();
        }
    }
}
