package dev.headspace.sse.adapter.http.testing;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHATWG "event stream interpretation", byte by byte, for a test client. Lines end with CRLF, LF or CR (also when
 * the CR and the LF arrive in different pieces); one leading BOM is ignored; a line starting with {@code :} is a
 * comment; otherwise {@code field: value} with one optional space after the colon removed, and a line without colon
 * is a field with an empty value. {@code id} (ignored if it contains NUL), {@code event}, {@code data} (lines joined
 * with LF) and {@code retry} (ASCII digits only, otherwise ignored) are understood; unknown fields are ignored and
 * listed in {@link #ignoredLines()}. A blank line dispatches the block; an unterminated block is never dispatched.
 *
 * <p><b>Deviations for testing:</b> a line that is not valid UTF-8 is a {@link ProtocolException} (a browser would
 * substitute U+FFFD); a block with an {@code event} line but no data is recorded (a browser would drop it), so an
 * {@code event: shutdown} block without data is visible. As in a browser, a block with only {@code id}, {@code retry},
 * comments or ignored lines is no event, and {@link #lastEventId()} changes only when a block is dispatched.
 *
 * <p>Not thread-safe: one thread feeds it, and readers must hold the same lock.
 */
final class SseParser {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean afterCr;
    private boolean firstLine = true;
    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> ignoredLines = new ArrayList<>();
    private Long lastRetry;
    private String lastEventId = "";
    /** The spec's last event ID buffer: set by id lines, kept across blocks, copied out at each dispatch. */
    private String lastEventIdBuffer = "";
    // the block being built
    private boolean hasField;
    private String id;
    private String event;
    private StringBuilder data;
    private Long retry;

    /** Parses the next {@code length} bytes of the stream. */
    void feed(byte[] bytes, int length) throws ProtocolException {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false; // the LF of a CRLF whose CR already ended the line
                } else {
                    endLine();
                }
            } else if (b == '\r') {
                endLine();
                afterCr = true;
            } else {
                afterCr = false;
                line.write(b);
            }
        }
    }

    /** Every dispatched event so far (a live view: copy it before handing it out). */
    List<SseEvent> events() {
        return events;
    }

    /** Every comment so far, without the leading {@code :} and one optional space after it. */
    List<String> comments() {
        return comments;
    }

    /** Lines the parser ignored: unknown field names, an invalid {@code retry}, an {@code id} containing NUL. */
    List<String> ignoredLines() {
        return ignoredLines;
    }

    /** The last valid {@code retry:} value, {@code null} if none. */
    Long lastRetry() {
        return lastRetry;
    }

    /** The spec's last event ID as of the last dispatched block, {@code ""} initially. */
    String lastEventId() {
        return lastEventId;
    }

    private void endLine() throws ProtocolException {
        byte[] bytes = line.toByteArray();
        line.reset();
        int offset = 0;
        if (firstLine) {
            firstLine = false;
            if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
                offset = 3; // one leading BOM is ignored
            }
        }
        process(decodeStrictly(bytes, offset));
    }

    private void process(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            comments.add(stripOneSpace(text.substring(1)));
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : stripOneSpace(text.substring(colon + 1));
        switch (field) {
            case "event" -> {
                event = value;
                hasField = true;
            }
            case "data" -> {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                hasField = true;
            }
            case "id" -> {
                if (value.indexOf('\0') >= 0) {
                    ignoredLines.add(text);
                } else {
                    // like a browser: the id takes effect when the block is dispatched, and an id alone makes no event
                    id = value;
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                Long parsed = retryValue(value);
                if (parsed == null) {
                    ignoredLines.add(text);
                } else {
                    // like a browser, a block with only a retry line sets the delay but is no event
                    retry = parsed;
                    lastRetry = parsed;
                }
            }
            default -> ignoredLines.add(text);
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (hasField) {
            events.add(new SseEvent(id, event, data == null ? null : data.toString(), retry));
        }
        hasField = false;
        id = null;
        event = null;
        data = null;
        retry = null;
    }

    private static Long retryValue(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(value);
    }

    private static String stripOneSpace(String value) {
        return !value.isEmpty() && value.charAt(0) == ' ' ? value.substring(1) : value;
    }

    private static String decodeStrictly(byte[] bytes, int offset) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            ProtocolException error = new ProtocolException("SSE line is not valid UTF-8: \""
                    + Wire.escape(new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8)) + "\"");
            error.initCause(e);
            throw error;
        }
    }
}
