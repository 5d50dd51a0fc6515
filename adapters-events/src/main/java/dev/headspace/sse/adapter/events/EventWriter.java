package dev.headspace.sse.adapter.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.EventSchema;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The in-process producer of the hub's known event types: writes a payload as one compact JSON object and publishes
 * it through the publish use case. Bad input is refused in the result, never thrown, and nothing is half-written. On a
 * shared log it cannot reach, an event waits in the node's outbox ({@link WriteResult.Queued}) and is published, in
 * order, when the log answers again; only past the outbox's bound is it {@link WriteResult.Unavailable}.
 */
public final class EventWriter {

    private static final String KNOWN_TYPES = Arrays.stream(EventSchema.values())
            .map(schema -> schema.type().value()).collect(Collectors.joining(", "));

    private final PublishEventsUseCase publish;
    private final ObjectMapper mapper;

    public EventWriter(PublishEventsUseCase publish, ObjectMapper mapper) {
        this.publish = publish;
        this.mapper = mapper;
    }

    public EventWriter(PublishEventsUseCase publish) {
        this(publish, new ObjectMapper());
    }

    /**
     * Publishes one event of a known type.
     *
     * @param payload   the data's top-level fields; null for none
     * @param projectId null when the event is about no project
     * @param agentId   null when the event is about no agent
     * @param taskId    when given, put into the payload as {@code task_id} unless the payload has one
     * @param timestamp when it happened, or null for "when it is published"
     */
    public WriteResult write(String type, Map<String, ?> payload, String projectId, String agentId, String taskId,
                             Instant timestamp) {
        try {
            EventType eventType = parse("type", type, EventType::new);
            ProjectId project = parse("project_id", projectId, ProjectId::new);
            AgentId agent = parse("agent_id", agentId, AgentId::new);
            TaskId task = parse("task_id", taskId, TaskId::new);
            Map<String, Object> data = payload == null ? new LinkedHashMap<>() : new LinkedHashMap<>(payload);
            if (task != null) {
                data.putIfAbsent("task_id", task.value());
            }
            return write(eventType, project, agent, data, timestamp);
        } catch (Refusal refusal) {
            return refusal.result;
        }
    }

    /**
     * Publishes one event of a known type from values already checked; the typed entry the other producers use.
     *
     * @param data      the data's top-level fields, written as one compact JSON object
     * @param project   null when the event is about no project
     * @param agent     null when the event is about no agent
     * @param timestamp when it happened, or null for "when it is published"
     */
    public WriteResult write(EventType type, ProjectId project, AgentId agent, Map<String, ?> data,
                             Instant timestamp) {
        if (EventSchema.of(type).isEmpty()) {
            return new WriteResult.Refused("type",
                    "'type' " + type + " is not a type the event writer writes; it writes " + KNOWN_TYPES);
        }
        Map<String, Object> payload = new LinkedHashMap<>(data);
        try {
            NewEvent event = new NewEvent(type, project, agent, json(payload), timestamp);
            return outcome(publish.publish(List.of(new PublishRequest(event, payload))));
        } catch (Refusal refusal) {
            return refusal.result;
        }
    }

    public WriteResult sessionRegistered(String projectId, String agentId, String sessionUuid, String projectPath,
                                         String workingDirectory) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session_uuid", sessionUuid);
        data.put("project_path", projectPath);
        data.put("working_directory", workingDirectory);
        return write("session_registered", data, projectId, agentId, null, null);
    }

    public WriteResult sessionEnded(String projectId, String agentId, String sessionUuid, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session_uuid", sessionUuid);
        data.put("reason", reason);
        return write("session_ended", data, projectId, agentId, null, null);
    }

    /** @param turnTimestamp written in ISO-8601 ({@link Instant#toString()}) */
    public WriteResult turnDetected(String projectId, String agentId, String sessionUuid, String actor, String text,
                                    String source, Instant turnTimestamp) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session_uuid", sessionUuid);
        data.put("actor", actor);
        data.put("text", text);
        data.put("source", source);
        data.put("turn_timestamp", turnTimestamp == null ? null : turnTimestamp.toString());
        return write("turn_detected", data, projectId, agentId, null, null);
    }

    public WriteResult hookReceived(String projectId, String agentId, String hookType, String sessionId,
                                    String workingDirectory) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("hook_type", hookType);
        data.put("session_id", sessionId);
        data.put("working_directory", workingDirectory);
        return write("hook_received", data, projectId, agentId, null, null);
    }

    /** A task's move from one state to the next; the event carries the project and agent ids. */
    public WriteResult stateTransition(ProjectId project, AgentId agent, TaskId task, TaskState from, TaskState to,
                                       Trigger trigger) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", agent.value());
        data.put("task_id", task.value());
        data.put("from_state", from.wireName());
        data.put("to_state", to.wireName());
        data.put("trigger", trigger.toString());
        return write(EventSchema.STATE_TRANSITION.type(), project, agent, data, null);
    }

    private String json(Map<String, Object> data) {
        try {
            // as bytes: the UTF-8 writer escapes surrogates, so a lone one in a text cannot break the SSE encoding
            return new String(mapper.writeValueAsBytes(data), java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new Refusal("data", "'data' cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static WriteResult outcome(PublishResult result) {
        if (result instanceof PublishResult.Refused refused) {
            return new WriteResult.Refused(refused.field(), refused.message());
        }
        if (result instanceof PublishResult.Unavailable unavailable) {
            return new WriteResult.Unavailable(unavailable.message());
        }
        if (result instanceof PublishResult.Queued queued) {
            return new WriteResult.Queued(queued.events().get(0), queued.appended().thenApply(events -> events.get(0)));
        }
        return new WriteResult.Accepted(((PublishResult.Accepted) result).events().get(0));
    }

    private static <T> T parse(String field, String raw, Function<String, T> factory) {
        if (raw == null) {
            if ("type".equals(field)) {
                throw new Refusal(field, "'type' must not be null");
            }
            return null;
        }
        try {
            return factory.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new Refusal(field, e.getMessage());
        }
    }

    /** Carries a refusal out of the steps of {@link #write}; never leaves this class. */
    private static final class Refusal extends RuntimeException {
        private final WriteResult.Refused result;

        Refusal(String field, String message) {
            super(message, null, false, false);
            this.result = new WriteResult.Refused(field, message);
        }
    }
}
