package dev.headspace.sse.adapter.http.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.port.EventEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * Encodes an event once into its SSE frame: {@code id:}, {@code event:}, one {@code data:} line per line of the
 * JSON envelope {@code {"id","type","project_id","agent_id","timestamp","data"}}, a blank line. CR, LF and CRLF in the
 * envelope each start a new {@code data:} line, so no payload can inject a field or end the event early.
 */
public final class SseEventEncoder implements EventEncoder {

    private final JsonFactory json = new JsonFactory();

    @Override
    public EncodedEvent encode(Event event) {
        String envelope = envelope(event);
        StringBuilder sse = new StringBuilder(envelope.length() + 64);
        sse.append("id: ").append(event.id()).append('\n');
        sse.append("event: ").append(event.type().value()).append('\n');
        appendData(sse, envelope);
        sse.append('\n');
        byte[] bytes = sse.toString().getBytes(StandardCharsets.UTF_8);
        return new EncodedEvent(event, SseFrames.chunk(bytes, bytes.length));
    }

    /** Appends {@code data:} lines, splitting at CRLF, LF and CR alike. */
    static void appendData(StringBuilder sse, String text) {
        int start = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                sse.append("data: ").append(text, start, i).append('\n');
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        sse.append("data: ").append(text, start, length).append('\n');
    }

    private String envelope(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.payloadJson().length() + 160);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("id", event.id().toString());
            generator.writeStringField("type", event.type().value());
            writeNullable(generator, "project_id", event.projectId() == null ? null : event.projectId().value());
            writeNullable(generator, "agent_id", event.agentId() == null ? null : event.agentId().value());
            generator.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(event.timestamp()));
            generator.writeFieldName("data");
            // the payload was parsed and re-serialised by the adapter that accepted it
            generator.writeRawValue(event.payloadJson());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode event " + event.id(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeNullable(JsonGenerator generator, String field, String value) throws IOException {
        if (value == null) {
            generator.writeNullField(field);
        } else {
            generator.writeStringField(field, value);
        }
    }
}
