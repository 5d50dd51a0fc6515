package dev.headspace.sse.adapter.http.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One event of a publish request body, {@code {"type", "project_id", "agent_id", "data", "timestamp"}}, checked
 * field by field into a {@link PublishRequest}; every failure names the field and the rule.
 */
final class EventJson {

    private static final Set<String> FIELDS = Set.of("type", "project_id", "agent_id", "data", "timestamp");

    /** A field of the request body that breaks a rule. */
    static final class InvalidFieldException extends Exception {
        private final String field;

        InvalidFieldException(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    private EventJson() {
    }

    static PublishRequest toDomain(JsonNode node, String prefix, ObjectMapper mapper) throws InvalidFieldException {
        if (!node.isObject()) {
            throw new InvalidFieldException(prefix.isEmpty() ? "body" : prefix, "'" + (prefix.isEmpty() ? "body" : prefix)
                    + "' must be a JSON object with at least \"type\"");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid(prefix, name, "is not a known field (known: type, project_id, agent_id, data, timestamp)");
            }
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw invalid(prefix, "type", "is required");
        }
        EventType type = parse(prefix, "type", typeNode, EventType::new);
        ProjectId project = optional(prefix, "project_id", node.get("project_id"), ProjectId::new);
        AgentId agent = optional(prefix, "agent_id", node.get("agent_id"), AgentId::new);
        Instant timestamp = optional(prefix, "timestamp", node.get("timestamp"), Instant::parse);
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) {
            data = mapper.createObjectNode();
        }
        if (!(data instanceof ObjectNode)) {
            throw invalid(prefix, "data", "must be a JSON object");
        }
        try {
            // the body was parsed once into this tree: written out once as the payload clients get (as UTF-8 bytes,
            // whose writer escapes surrogates: a lone one, "\ud800" in the body, is legal JSON, and the String writer
            // would pass it raw where the SSE encoding could not write it), and read field by field for the schema
            // check, never converted back and forth
            String json = new String(mapper.writeValueAsBytes(data), StandardCharsets.UTF_8);
            return new PublishRequest(new NewEvent(type, project, agent, json, timestamp), topLevel(data));
        } catch (JsonProcessingException e) {
            throw invalid(prefix, "data", "could not be read: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(prefix, "data", "could not be read: " + e.getMessage());
        }
    }

    /** The payload's top-level fields: scalars as JDK values, nested objects and arrays as the parsed nodes. */
    private static Map<String, Object> topLevel(JsonNode data) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            values.put(field.getKey(), value.isNull() ? null
                    : value.isTextual() ? value.textValue()
                    : value.isNumber() ? value.numberValue()
                    : value.isBoolean() ? (Object) value.booleanValue()
                    : value);
        }
        return values;
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T optional(String prefix, String field, JsonNode node, Parser<T> parser)
            throws InvalidFieldException {
        return node == null || node.isNull() ? null : parse(prefix, field, node, parser);
    }

    private static <T> T parse(String prefix, String field, JsonNode node, Parser<T> parser)
            throws InvalidFieldException {
        if (!node.isTextual()) {
            throw invalid(prefix, field, "must be a string");
        }
        try {
            return parser.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw invalid(prefix, field, "must be an ISO-8601 instant such as 2026-11-25T10:15:30Z");
        } catch (IllegalArgumentException e) {
            // the domain's message already names the field and the rule
            throw new InvalidFieldException(prefix + field,
                    e.getMessage().replace("'" + field + "'", "'" + prefix + field + "'"));
        }
    }

    private static InvalidFieldException invalid(String prefix, String field, String rule) {
        return new InvalidFieldException(prefix + field, "'" + prefix + field + "' " + rule);
    }
}
