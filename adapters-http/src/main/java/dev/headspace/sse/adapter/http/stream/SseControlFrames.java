package dev.headspace.sse.adapter.http.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.Resync;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The frames a stream sends of its own accord, chunk-framed like event frames: the opening lines, the starting
 * position, heartbeats, the resync notice and the final shutdown event.
 */
final class SseControlFrames {

    static final ByteBuffer HEARTBEAT = SseFrames.chunk(": heartbeat\n\n");

    private final JsonFactory json = new JsonFactory();

    /** The first bytes of every stream, flushed at once so that EventSource fires {@code open}. */
    ByteBuffer opening(long retryMillis) {
        return SseFrames.chunk("retry: " + retryMillis + "\n: connected\n\n");
    }

    /** An id with no event: a browser takes it as its last event id, and dispatches nothing. */
    ByteBuffer position(EventId id) {
        return SseFrames.chunk("id: " + id + "\n\n");
    }

    ByteBuffer shutdown(long retryMillis) {
        return SseFrames.chunk("event: shutdown\nretry: " + retryMillis
                + "\ndata: {\"reason\":\"server shutting down\",\"retry_ms\":" + retryMillis + "}\n\n");
    }

    /**
     * {@code event: resync} with the id to resume from, so that a later reconnect starts after what the reloaded page
     * already shows, and data that says why.
     */
    ByteBuffer resync(Resync resync) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("reason", resync.reason().label());
            generator.writeStringField("message", message(resync));
            generator.writeStringField("last_event_id", resync.lastEventId());
            generator.writeStringField("oldest_id", text(resync.oldestHeld()));
            generator.writeStringField("resume_from", resync.resumeFrom().toString());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a resync notice", e);
        }
        StringBuilder sse = new StringBuilder("event: resync\nid: ").append(resync.resumeFrom()).append('\n');
        SseEventEncoder.appendData(sse, out.toString());
        return SseFrames.chunk(sse.append('\n').toString());
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

    private static String text(EventId id) {
        return id == null ? null : id.toString();
    }
}
