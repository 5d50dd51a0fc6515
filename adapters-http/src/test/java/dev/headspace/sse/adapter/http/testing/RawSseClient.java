package dev.headspace.sse.adapter.http.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A strict, dependency-free HTTP/1.1 client for Server-Sent Events that reads the stream exactly as it comes off the
 * socket, so that integration tests assert real wire behaviour: status and headers ({@link ResponseHead}), chunk
 * framing ({@link BodyDecoder}), the decoded body byte for byte, the parsed events and comments ({@link SseParser})
 * and how the stream ended ({@link EndOfStream}).
 *
 * <p>{@link #connect} sends one {@code GET} and reads the response head on the calling thread, bounded by the
 * timeout. A daemon reader thread then decodes the body and, for {@code text/event-stream}, parses it into a
 * {@link ReceivedStream}. Callers wait with deadlines, never by sleeping: {@link #nextEvent}, {@link #awaitEvents},
 * {@link #nextComment}, {@link #awaitRawBody}, {@link #awaitEndOfStream}, {@link #body}; each fails as soon as the
 * outcome is decided, and every one fails once the stream violated the protocol.
 *
 * <p>Thread rule: the reader thread alone records what arrives; every public method may be called from any thread.
 */
public final class RawSseClient implements AutoCloseable {

    /** Receive buffer used by {@link #connectWithoutReading}: small, so the server's writes back up quickly. */
    public static final int SMALL_RECEIVE_BUFFER = 4096;

    private final Socket socket;
    private final int port;
    private final ResponseHead head;
    private final ReadGate gate;
    private final Thread reader;
    private final ReceivedStream received;

    RawSseClient(Socket socket, int port, ResponseHead head, boolean startPaused) {
        this.socket = socket;
        this.port = port;
        this.head = head;
        this.gate = new ReadGate(startPaused);
        this.received = new ReceivedStream(head.isEventStream(), this::describeConnection);
        this.reader = new Thread(this::readBody, "raw-sse-reader-" + port + "<-" + socket.getLocalPort());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Connects to {@code 127.0.0.1:port}, sends {@code GET pathAndQuery HTTP/1.1} with {@code Host},
     * {@code Accept: text/event-stream} and {@code extraHeaders} (which may override those two), and reads the
     * response head; see {@link RawSseRequest#connect()}.
     */
    public static RawSseClient connect(int port, String pathAndQuery, Map<String, String> extraHeaders, Duration timeout)
            throws IOException {
        return builder(port, pathAndQuery).headers(extraHeaders).timeout(timeout).connect();
    }

    /**
     * Like {@link #connect}, but a client that stops reading right after the response head: a
     * {@link #SMALL_RECEIVE_BUFFER small receive buffer} (set before connecting, so the TCP window is small) and no
     * byte of the body is read until {@link #resumeReading()}. The server's writes back up.
     */
    public static RawSseClient connectWithoutReading(int port, String pathAndQuery, Map<String, String> extraHeaders,
            Duration timeout) throws IOException {
        return builder(port, pathAndQuery).headers(extraHeaders).timeout(timeout)
                .receiveBufferSize(SMALL_RECEIVE_BUFFER).withoutReading().connect();
    }

    /** A request with the less common options (HTTP/1.0, receive buffer size, not reading). */
    public static RawSseRequest builder(int port, String pathAndQuery) {
        return new RawSseRequest(port, pathAndQuery);
    }

    // ------------------------------------------------------------------------------------------------ response head

    public int status() {
        return head.status;
    }

    /** The status line as received, without CRLF, e.g. {@code HTTP/1.1 200 OK}. */
    public String statusLine() {
        return head.statusLine;
    }

    /** The response's HTTP version, e.g. {@code HTTP/1.1}. */
    public String httpVersion() {
        return head.version;
    }

    /** The first value of a response header (name compared case-insensitively), {@code null} if absent. */
    public String header(String name) {
        return head.header(name);
    }

    /** All response header fields; names are compared case-insensitively, each header line is one list element. */
    public Map<String, List<String>> headers() {
        return head.headers;
    }

    public boolean chunked() {
        return head.framing == ResponseHead.Framing.CHUNKED;
    }

    /** Whether the response is {@code text/event-stream} (only then is the body parsed as SSE). */
    public boolean isEventStream() {
        return head.isEventStream();
    }

    /** The local (ephemeral) port of this connection, e.g. to find it in server logs. */
    public int localPort() {
        return socket.getLocalPort();
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    /** The decoded body received so far (chunk framing removed), as UTF-8 text; exact bytes: {@link #rawBodyBytes()}. */
    public String rawBody() {
        return new String(received.rawBytes(), StandardCharsets.UTF_8);
    }

    public byte[] rawBodyBytes() {
        return received.rawBytes();
    }

    /** The data of each complete chunk received so far, as UTF-8 text, in order (empty unless {@link #chunked()}). */
    public List<String> chunks() {
        return received.chunks();
    }

    /** All events received so far, including those already returned by {@link #nextEvent}/{@link #awaitEvents}. */
    public List<SseEvent> events() {
        return received.events();
    }

    /** All comments received so far (text after {@code :} with one leading space removed). */
    public List<String> comments() {
        return received.comments();
    }

    /** SSE lines the parser ignored: unknown field names, invalid {@code retry}, {@code id} containing NUL. */
    public List<String> ignoredLines() {
        return received.ignoredLines();
    }

    /** The last valid {@code retry:} value received, {@code null} if none. */
    public Long lastRetry() {
        return received.lastRetry();
    }

    /**
     * The spec's last event ID: the last valid {@code id:} of a dispatched block (one ended by a blank line), kept
     * across events, {@code ""} initially. What a browser would send as {@code Last-Event-ID}.
     */
    public String lastEventId() {
        return received.lastEventId();
    }

    /** How the body ended, {@code null} while it is still being read (or reading is paused). */
    public EndOfStream endReason() {
        return received.end();
    }

    /** The error behind a protocol error, a reset or a truncated body, else {@code null}. */
    public Throwable failure() {
        return received.failure();
    }

    // ------------------------------------------------------------------------------------------------ waiting

    /** The next event not yet returned by this method or {@link #awaitEvents}; fails as {@link #awaitEvents} does. */
    public SseEvent nextEvent(Duration timeout) {
        return awaitEvents(1, timeout).get(0);
    }

    /**
     * The next {@code count} events not yet returned by {@link #nextEvent} or this method.
     *
     * @throws AssertionError if they do not all arrive within the timeout, the stream ends first, the response is not
     *                        an event stream, or a protocol error happened
     */
    public List<SseEvent> awaitEvents(int count, Duration timeout) {
        return received.awaitEvents(count, timeout);
    }

    /** The next comment not yet returned by this method; fails as {@link #awaitEvents} does. */
    public String nextComment(Duration timeout) {
        return received.nextComment(timeout);
    }

    /** Waits until the decoded body satisfies {@code condition} and returns it; fails as {@link #awaitEvents} does. */
    public String awaitRawBody(Predicate<String> condition, Duration timeout) {
        return received.awaitRawBody(condition, timeout);
    }

    /**
     * Waits for the whole body (e.g. of a 400/503 JSON error) and returns it as UTF-8 text.
     *
     * @throws AssertionError if the body does not end within the timeout, ends incomplete, the client was closed
     *                        first, or a protocol error happened
     */
    public String body(Duration timeout) {
        return received.body(timeout);
    }

    /**
     * Waits until the server ends the stream (check {@link #endReason()} to tell how).
     *
     * @return {@code true} if the server ended it in time; {@code false} on timeout or if this client was closed first
     * @throws AssertionError if the stream violated the protocol
     */
    public boolean awaitEndOfStream(Duration timeout) {
        return received.awaitEndOfStream(timeout);
    }

    /** Whether the server has ended the stream; throws an {@link AssertionError} after a protocol error. */
    public boolean isEndOfStream() {
        return received.isEndOfStream();
    }

    // ------------------------------------------------------------------------------------------------ flow control

    /** Stops reading the socket (from the next read on) so that the server's writes back up. */
    public void pauseReading() {
        gate.pause();
    }

    /** Resumes (or, after {@link #connectWithoutReading}, starts) reading the body. */
    public void resumeReading() {
        gate.resume();
    }

    public boolean isReadingPaused() {
        return gate.isPaused();
    }

    // ------------------------------------------------------------------------------------------------ closing

    /** Closes the socket (like closing a browser tab: FIN). Idempotent; never throws. */
    @Override
    public void close() {
        if (!gate.close()) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        received.finish(EndOfStream.CLOSED_LOCALLY, null);
    }

    /** Closes the socket with {@code SO_LINGER 0}, so the server sees a connection reset (RST) instead of a FIN. */
    public void abort() {
        if (gate.isClosed()) {
            return;
        }
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // the socket is already unusable; close() below still closes it
        }
        close();
    }

    /** Whether {@link #close()} or {@link #abort()} was called. */
    public boolean isClosed() {
        return gate.isClosed();
    }

    @Override
    public String toString() {
        return "RawSseClient[" + received + "]";
    }

    private void readBody() {
        try {
            InputStream in = gate.guard(new BufferedInputStream(socket.getInputStream(), 8192));
            received.finish(BodyDecoder.decode(head, in, received), null);
        } catch (BodyDecoder.Truncated e) {
            received.finish(gate.isClosed() ? EndOfStream.CLOSED_LOCALLY : EndOfStream.TRUNCATED, e);
        } catch (ProtocolException e) {
            received.finish(EndOfStream.PROTOCOL_ERROR, e);
        } catch (IOException e) {
            received.finish(gate.isClosed() ? EndOfStream.CLOSED_LOCALLY : EndOfStream.RESET, e);
        } catch (Throwable e) {
            received.finish(EndOfStream.PROTOCOL_ERROR, e);
        }
    }

    private String describeConnection() {
        return "127.0.0.1:" + port + " <- :" + socket.getLocalPort() + ", " + head.statusLine + ", framing "
                + head.framing + ", Content-Type " + header("Content-Type")
                + (gate.isPaused() ? ", reading PAUSED" : "") + (gate.isClosed() ? ", closed locally" : "");
    }
}
