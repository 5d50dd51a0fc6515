package dev.headspace.sse.adapter.http.testing;

import static dev.headspace.sse.adapter.http.testing.Wire.escape;
import static dev.headspace.sse.adapter.http.testing.Wire.millisAtLeastOne;
import static dev.headspace.sse.adapter.http.testing.Wire.nanos;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a {@link RawSseClient} has received - the decoded body, its chunks, the parsed events and comments, how it
 * ended - and the waiting on it, with deadlines. A waiting method fails as soon as the outcome is decided (a stream
 * that ended brings no more events), and after a protocol error every waiting method fails with the cause, even if
 * earlier events are still queued; snapshots keep working. Failure messages say what was received.
 *
 * <p>Thread rule: the reader thread alone records ({@link #bytes}, {@link #chunk}, {@link #finish}); any thread may
 * read and wait. Every method synchronizes on this object.
 */
final class ReceivedStream implements BodyDecoder.Sink {

    private static final int DESCRIBE_TAIL = 2000;

    private final SseParser parser; // null unless the response is an event stream
    private final Supplier<String> connection;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final List<String> chunks = new ArrayList<>();
    private int eventCursor;
    private int commentCursor;
    private EndOfStream end;
    private Throwable failure;

    /** {@code connection} describes the connection (address, status, state of reading) in failure messages. */
    ReceivedStream(boolean eventStream, Supplier<String> connection) {
        this.parser = eventStream ? new SseParser() : null;
        this.connection = connection;
    }

    // ------------------------------------------------------------------------------------------------ recording

    @Override
    public synchronized void bytes(byte[] buffer, int length) throws ProtocolException {
        raw.write(buffer, 0, length);
        notifyAll();
        if (parser != null) {
            parser.feed(buffer, length);
        }
    }

    @Override
    public synchronized void chunk(byte[] data) {
        chunks.add(new String(data, StandardCharsets.UTF_8));
    }

    /** Records how the body ended; the first reason wins. */
    synchronized void finish(EndOfStream reason, Throwable cause) {
        if (end == null) {
            end = reason;
            failure = cause;
        }
        notifyAll();
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    synchronized byte[] rawBytes() {
        return raw.toByteArray();
    }

    synchronized List<String> chunks() {
        return List.copyOf(chunks);
    }

    synchronized List<SseEvent> events() {
        return parser == null ? List.of() : List.copyOf(parser.events());
    }

    synchronized List<String> comments() {
        return parser == null ? List.of() : List.copyOf(parser.comments());
    }

    synchronized List<String> ignoredLines() {
        return parser == null ? List.of() : List.copyOf(parser.ignoredLines());
    }

    synchronized Long lastRetry() {
        return parser == null ? null : parser.lastRetry();
    }

    synchronized String lastEventId() {
        return parser == null ? "" : parser.lastEventId();
    }

    synchronized EndOfStream end() {
        return end;
    }

    synchronized Throwable failure() {
        return failure;
    }

    // ------------------------------------------------------------------------------------------------ waiting

    synchronized List<SseEvent> awaitEvents(int count, Duration timeout) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count);
        }
        String waitingFor = "event(s) #" + (eventCursor + 1) + ".." + (eventCursor + count) + " (" + count
                + " after the " + eventCursor + " already taken)";
        List<SseEvent> next = awaitStream(waitingFor, timeout, () -> parser.events().size() - eventCursor < count
                ? null : List.copyOf(parser.events().subList(eventCursor, eventCursor + count)));
        eventCursor += count;
        return next;
    }

    synchronized String nextComment(Duration timeout) {
        return awaitStream("comment #" + (commentCursor + 1), timeout,
                () -> commentCursor < parser.comments().size() ? parser.comments().get(commentCursor++) : null);
    }

    synchronized String awaitRawBody(Predicate<String> condition, Duration timeout) {
        return awaitUntil("a raw body that matches", timeout, () -> {
            String body = raw.toString(StandardCharsets.UTF_8);
            return condition.test(body) ? body : null;
        });
    }

    synchronized String body(Duration timeout) {
        long started = System.nanoTime();
        while (end == null) {
            if (!waitForChange(started, timeout)) {
                throw timedOut(timeout, "the end of the body");
            }
        }
        failOnProtocolError("reading the body");
        if (!end.clean()) {
            throw new AssertionError("the body is not complete, the stream ended with " + end + "; " + describe(), failure);
        }
        return raw.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean awaitEndOfStream(Duration timeout) {
        long started = System.nanoTime();
        while (end == null) {
            if (!waitForChange(started, timeout)) {
                return false;
            }
        }
        failOnProtocolError("waiting for the end of the stream");
        return end.byServer();
    }

    synchronized boolean isEndOfStream() {
        failOnProtocolError("checking the end of the stream");
        return end != null && end.byServer();
    }

    @Override
    public synchronized String toString() {
        return describe();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Like {@link #awaitUntil}, for what only an event stream carries. */
    private <T> T awaitStream(String waitingFor, Duration timeout, Supplier<T> ready) {
        if (parser == null) {
            throw new AssertionError("waiting for " + waitingFor + ": the response is not an event stream; " + describe());
        }
        return awaitUntil(waitingFor, timeout, ready);
    }

    /** Caller holds the monitor; waits until {@code ready} gives a value, failing once the outcome is decided. */
    private <T> T awaitUntil(String waitingFor, Duration timeout, Supplier<T> ready) {
        long started = System.nanoTime();
        while (true) {
            failOnProtocolError("waiting for " + waitingFor);
            T value = ready.get();
            if (value != null) {
                return value;
            }
            if (end != null) {
                throw new AssertionError("stream ended (" + end + ") before " + waitingFor + " arrived; " + describe());
            }
            if (!waitForChange(started, timeout)) {
                throw timedOut(timeout, waitingFor);
            }
        }
    }

    /** Caller holds the monitor; waits for a change, {@code false} once the timeout has passed. */
    private boolean waitForChange(long started, Duration timeout) {
        long remaining = nanos(timeout) - (System.nanoTime() - started);
        if (remaining <= 0) {
            return false;
        }
        try {
            wait(millisAtLeastOne(remaining));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting; " + describe(), e);
        }
    }

    private AssertionError timedOut(Duration timeout, String waitingFor) {
        return new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + waitingFor + "; "
                + describe());
    }

    private void failOnProtocolError(String operation) {
        if (end == EndOfStream.PROTOCOL_ERROR) {
            throw new AssertionError(operation + ": the stream violated the protocol: " + failure + "; " + describe(),
                    failure);
        }
    }

    /** Caller holds the monitor: the connection and everything received, for failure messages. */
    private String describe() {
        StringBuilder text = new StringBuilder(512).append(connection.get())
                .append(", end ").append(end == null ? "not yet" : end);
        if (failure != null) {
            text.append(", failure: ").append(failure);
        }
        if (parser != null) {
            text.append("\n  events (").append(parser.events().size()).append(" received, ").append(eventCursor)
                    .append(" taken): ").append(tail(parser.events(), 20))
                    .append("\n  comments (").append(parser.comments().size()).append(" received, ")
                    .append(commentCursor).append(" taken): ").append(tail(parser.comments(), 20))
                    .append("\n  lastRetry ").append(parser.lastRetry())
                    .append(", lastEventId \"").append(escape(parser.lastEventId())).append('"');
            if (!parser.ignoredLines().isEmpty()) {
                text.append(", ignored lines ").append(tail(parser.ignoredLines(), 10));
            }
        }
        String body = raw.toString(StandardCharsets.UTF_8);
        text.append("\n  raw body (").append(raw.size()).append(" bytes");
        if (body.length() > DESCRIBE_TAIL) {
            text.append(", last ").append(DESCRIBE_TAIL).append(" chars");
            body = body.substring(body.length() - DESCRIBE_TAIL);
        }
        return text.append("): \"").append(escape(body)).append('"').toString();
    }

    private static String tail(List<?> list, int max) {
        return list.size() <= max ? list.toString() : "[... " + (list.size() - max) + " more, "
                + list.subList(list.size() - max, list.size()).toString().substring(1);
    }
}
