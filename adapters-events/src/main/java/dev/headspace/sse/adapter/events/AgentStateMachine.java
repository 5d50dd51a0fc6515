package dev.headspace.sse.adapter.events;

import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Moves each agent's current task through its {@link TaskState}s and publishes a {@code state_transition} event for
 * every move; a move whose event is refused does not happen. An agent without a task, or whose task is complete, is
 * idle: {@code user:command} starts a new task there, published as {@code idle -> commanded}.
 *
 * <p>Each move is decided from the agent's last move this machine made until the agents view shows it (the view's
 * position has reached that move's id), then from the view: on a shared log the view moves only when the node's reader
 * applies the entry, and a move waiting in the outbox ({@link TransitionResult.Queued}) has no id yet. The next move
 * follows from it and waits behind it, so the log carries the moves in the order they were made.
 */
public final class AgentStateMachine {

    private final EventWriter writer;
    private final GetAgentStatesUseCase states;
    private final Supplier<TaskId> newTaskIds;
    // One lock for every agent: moves are rare next to broadcasts, which are serialised anyway, and one lock keeps
    // read-decide-publish-store atomic, so events go out in the order the states changed.
    private final ReentrantLock lock = new ReentrantLock();
    /** Moves made here that the view may not show yet, by agent; guarded by {@link #lock}. */
    private final Map<Key, Pending> pending = new HashMap<>();

    private record Key(ProjectId project, AgentId agent) {
    }

    /** A move made here: the state it led to, and its event, complete once it has its id. */
    private record Pending(AgentState state, CompletableFuture<Event> event) {

        /** Whether the view can be trusted again: the move is in it, or was never published. */
        boolean settled(EventId viewPosition) {
            if (event.isCompletedExceptionally()) {
                return true;
            }
            return event.isDone() && viewPosition.compareTo(event.join().id()) >= 0;
        }
    }

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
            Key key = new Key(project, agent);
            AgentState current = current(key).orElse(null);
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
            if (written instanceof WriteResult.Queued queued) {
                AgentState next = new AgentState(project, agent, task, to, queued.event().timestamp(), trigger);
                pending.put(key, new Pending(next, queued.appended().toCompletableFuture()));
                return new TransitionResult.Queued(next, queued.appended());
            }
            WriteResult.Accepted accepted = (WriteResult.Accepted) written;
            AgentState next = new AgentState(project, agent, task, to, accepted.event().timestamp(), trigger);
            // on the embedded log the view already shows it; on a shared log, once this node's reader applies it
            pending.put(key, new Pending(next, CompletableFuture.completedFuture(accepted.event())));
            return new TransitionResult.Accepted(next, accepted.event());
        } finally {
            lock.unlock();
        }
    }

    /** The agent's state as this machine last moved it, or, once the view shows that move, as the view has it. */
    private Optional<AgentState> current(Key key) {
        Pending last = pending.get(key);
        if (last != null) {
            // the position first: a view at or past the move's id, read after it, shows that move
            EventId position = states.view(key.project()).position();
            if (!last.settled(position)) {
                return Optional.of(last.state());
            }
            pending.remove(key);
        }
        return states.agentState(key.project(), key.agent());
    }
}
