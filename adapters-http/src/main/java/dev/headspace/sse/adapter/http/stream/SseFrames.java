package dev.headspace.sse.adapter.http.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.Resync;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * Everything a stream writes, as SSE text framed as one HTTP/1.1 chunk in read-only direct memory: events, the opening
 * lines, the starting position, heartbeats, the resync notice, the final shutdown event and the last chunk. Sockets
 * write these bytes as they are; the identity form for HTTP/1.0 clients is a view of the same bytes without the chunk
 * header and trailer ({@link #unchunked}). Every method is a pure function, safe from any thread.
 */
final class SseFrames {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    /** Shared, like the event frames: each writer takes a {@link ByteBuffer#duplicate()}. */
    static final ByteBuffer LAST_CHUNK = readOnly("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    static final ByteBuffer HEARTBEAT = chunk(": heartbeat\n\n");
    // thread-safe once configured, and never configured
    private static final JsonFactory JSON = new JsonFactory();

    private SseFrames() {
    }

    /**
     * An event's frame: {@code id:}, {@code event:}, one {@code data:} line per line of the JSON envelope
     * {@code {"id","type","project_id","agent_id","timestamp","data"}}, a blank line. CR, LF and CRLF in the envelope
     * each start a new {@code data:} line, so no payload can inject a field or end the event early.
     */
    static ByteBuffer event(Event event) {
        String envelope = envelope(event);
        StringBuilder sse = new StringBuilder(envelope.length() + 64);
        sse.append("id: ").append(event.id()).append('\n');
        sse.append("event: ").append(event.type().value()).append('\n');
        appendData(sse, envelope);
        sse.append('\n');
        byte[] bytes = sse.toString().getBytes(StandardCharsets.UTF_8);
        return chunk(bytes, bytes.length);
    }

    /** The first bytes of every stream, flushed at once so that EventSource fires {@code open}. */
    static ByteBuffer opening(long retryMillis) {
        return chunk("retry: " + retryMillis + "\n: connected\n\n");
    }

    /** An id with no event: a browser takes it as its last event id, and dispatches nothing. */
    static ByteBuffer position(EventId id) {
        return chunk("id: " + id + "\n\n");
    }

    static ByteBuffer shutdown(long retryMillis) {
        return chunk("event: shutdown\nretry: " + retryMillis
                + "\ndata: {\"reason\":\"server shutting down\",\"retry_ms\":" + retryMillis + "}\n\n");
    }

    /**
     * {@code event: resync} with the id to resume from, so that a later reconnect starts after what the reloaded page
     * already shows, and data that says why.
     */
    static ByteBuffer resync(Resync resync) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("reason", resync.reason().label());
            generator.writeStringField("message", message(resync));
            generator.writeStringField("last_event_id", resync.lastEventId());
            generator.writeStringField("oldest_id", resync.oldestHeld() == null ? null : resync.oldestHeld().toString());
            generator.writeStringField("resume_from", resync.resumeFrom().toString());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a resync notice", e);
        }
        StringBuilder sse = new StringBuilder("event: resync\nid: ").append(resync.resumeFrom()).append('\n');
        appendData(sse, out.toString());
        return chunk(sse.append('\n').toString());
    }

    /** Wraps SSE bytes into one chunk in a read-only direct buffer (sockets write direct memory without a copy). */
    static ByteBuffer chunk(byte[] sse, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("an SSE frame is never empty");
        }
        byte[] size = hex(length);
        ByteBuffer frame = ByteBuffer.allocateDirect(size.length + 2 + length + 2);
        frame.put(size).put(CRLF).put(sse, 0, length).put(CRLF).flip();
        return frame.asReadOnlyBuffer();
    }

    static ByteBuffer chunk(String sse) {
        byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
        return chunk(bytes, bytes.length);
    }

    /** The SSE bytes inside a chunk built here, for a connection that is not chunked. */
    static ByteBuffer unchunked(ByteBuffer chunk) {
        ByteBuffer view = chunk.duplicate();
        int start = view.position();
        int i = start;
        while (view.get(i) != '\r') {
            i++;
        }
        view.position(i + 2);
        view.limit(chunk.limit() - 2);
        return view.slice();
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

    private static String envelope(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.payloadJson().length() + 160);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
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

    private static String message(Resync resync) {
        String what = switch (resync.reason()) {
            case TOO_OLD -> "the events after the last id you saw are no longer held";
            case UNKNOWN_ID -> "the last id you sent is not one this server gave out";
            case MALFORMED_ID -> "the last id you sent is not an event id (<epoch-millis>-<sequence>)";
            case REPLAY_TOO_LONG -> "you missed more events than one replay may carry";
        };
        return what + "; reload your state, then live events follow";
    }

    private static byte[] hex(int value) {
        int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(value) + 3) / 4);
        byte[] out = new byte[digits];
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = HEX[value & 0xf];
            value >>>= 4;
        }
        return out;
    }

    private static ByteBuffer readOnly(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer.asReadOnlyBuffer();
    }
}
