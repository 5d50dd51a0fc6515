package dev.headspace.sse.adapter.http.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict, dependency-free HTTP/1.1 client for Server-Sent Events that reads the stream exactly as it comes off the
 * socket. Integration tests use it to assert real wire behaviour: status and headers, chunk framing, the decoded body
 * byte for byte ({@link #rawBody()}), the parsed events and comments, and how the stream ends.
 *
 * <h2>Life cycle</h2>
 * {@link #connect} opens a plain {@link Socket} to {@code 127.0.0.1}, sends one {@code GET} and reads the response head
 * on the calling thread (bounded by the timeout, never hanging). A daemon reader thread then decodes the body
 * ({@code Transfer-Encoding: chunked}, {@code Content-Length}, or read-to-EOF) and, when the response is
 * {@code text/event-stream}, parses it per the WHATWG SSE rules. Callers wait with deadlines, never by sleeping:
 * {@link #nextEvent}, {@link #awaitEvents}, {@link #nextComment}, {@link #awaitRawBody}, {@link #awaitEndOfStream},
 * {@link #body}.
 *
 * <h2>Strictness</h2>
 * <ul>
 *   <li>The response head must use CRLF line ends, a well-formed status line and header fields (no obs-fold); a
 *       response with both {@code Transfer-Encoding} and {@code Content-Length}, or with conflicting
 *       {@code Content-Length}s, is rejected ({@link ProtocolException} from {@code connect}).</li>
 *   <li>Chunks are decoded strictly: a hex size line ending in CRLF (chunk extensions are tolerated), exactly that
 *       many bytes, then CRLF; a zero chunk plus trailer section ends the body. Anything else - a wrong chunk size, a
 *       bare LF - is a {@link EndOfStream#PROTOCOL_ERROR}.</li>
 *   <li>SSE lines must be valid UTF-8 (the spec would substitute U+FFFD; a test client reports it instead).</li>
 *   <li>Once a protocol error happened, every waiting method ({@code nextEvent}, {@code awaitEvents},
 *       {@code nextComment}, {@code awaitRawBody}, {@code body}, {@code awaitEndOfStream}, {@code isEndOfStream})
 *       throws an {@link AssertionError} carrying the cause, even if earlier events are still queued, so a malformed
 *       stream can never pass silently. Snapshots ({@link #events()}, {@link #rawBody()}, ...) keep working.</li>
 *   <li>Waiting methods fail as soon as the outcome is decided: if the stream ended, no further event can arrive and
 *       {@code nextEvent} fails at once instead of waiting for its timeout. Failure messages include what was
 *       received (events, comments, the tail of the raw body, how the stream ended).</li>
 * </ul>
 *
 * <h2>SSE parsing (WHATWG HTML, "event stream interpretation")</h2>
 * Lines end with CRLF, LF or CR (also when the CR and the LF arrive in different chunks or reads); one leading BOM is
 * ignored; a line starting with {@code :} is a comment; otherwise {@code field: value} with one optional space after
 * the colon removed, a line without colon is a field with an empty value. {@code id} (ignored if it contains NUL),
 * {@code event}, {@code data} (lines joined with LF) and {@code retry} (ASCII digits only, otherwise ignored) are
 * understood; unknown fields are ignored (and listed in {@link #ignoredLines()}). A blank line dispatches the block.
 * <b>Deviation for testing:</b> a block is recorded as an {@link SseEvent} when it had at least one {@code event}
 * or {@code data} line, even without data (a browser would drop it), so e.g. an {@code event: shutdown} block without
 * data is visible. As in a browser, a block with only {@code id}, {@code retry}, comments or ignored lines is not
 * recorded, and {@link #lastEventId()} changes only when a block is dispatched, so an id whose block was cut off by
 * the end of the stream never counts as seen. An unterminated block at the end of the stream is discarded, as the spec says (it stays in
 * {@link #rawBody()}). Comments are recorded with the leading {@code :} and one optional following space removed.
 *
 * <p>Not thread-confined: all accessors may be called from any thread.
 */
public final class RawSseClient implements AutoCloseable {

    /** How the response body ended, see {@link #endReason()}. */
    public enum EndOfStream {
        /** The server sent the last chunk ({@code 0\r\n\r\n}) of a chunked body. */
        LAST_CHUNK,
        /** The body had a {@code Content-Length} that was read completely, or the status allows no body. */
        CONTENT_COMPLETE,
        /** The body has no length framing and the server closed the connection (the normal end of such a body). */
        EOF,
        /** The server closed the connection before the framing said the body ended (no last chunk, short body). */
        TRUNCATED,
        /** Reading failed with an I/O error that the client did not cause, typically a connection reset by the server. */
        RESET,
        /** The response violated HTTP/1.1 framing or SSE/UTF-8 rules (or the client failed); see {@link #failure()}. */
        PROTOCOL_ERROR,
        /** The test closed or aborted the client before the server ended the body. */
        CLOSED_LOCALLY;

        /** Whether the server ended the stream (cleanly or not): everything except a protocol error or local close. */
        public boolean byServer() {
            return this != PROTOCOL_ERROR && this != CLOSED_LOCALLY;
        }

        /** Whether the body ended as its framing says it should: {@link #LAST_CHUNK}, {@link #CONTENT_COMPLETE}, {@link #EOF}. */
        public boolean clean() {
            return this == LAST_CHUNK || this == CONTENT_COMPLETE || this == EOF;
        }
    }

    private enum Framing { NONE, CHUNKED, LENGTH, UNTIL_EOF }

    /** Receive buffer used by {@link #connectWithoutReading}: small, so the server's writes back up quickly. */
    public static final int SMALL_RECEIVE_BUFFER = 4096;

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/(\\d)\\.(\\d) (\\d{3}) ([\\t \\x21-\\x7e\\x80-\\xff]*)");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern CHUNK_SIZE = Pattern.compile("([0-9A-Fa-f]{1,15})([ \\t]*;.*)?");
    private static final int MAX_HEAD_LINE = 16 * 1024;
    private static final int MAX_HEAD_LINES = 200;
    private static final int DESCRIBE_TAIL = 2000;

    private final Socket socket;
    private final int port;
    private final String statusLine;
    private final String httpVersion;
    private final int status;
    private final Map<String, List<String>> headers;
    private final Framing framing;
    private final long contentLength;
    private final boolean sse;
    private final Thread reader;

    // reader-thread-only state
    private InputStream in;
    private final SseParser parser = new SseParser();

    // shared state, guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final List<String> chunks = new ArrayList<>();
    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> ignoredLines = new ArrayList<>();
    private int eventCursor;
    private int commentCursor;
    private Long lastRetry;
    private String lastEventId = "";
    private EndOfStream end;
    private Throwable failure;
    private boolean paused;
    private boolean closed;

    private RawSseClient(Socket socket, int port, Head head, boolean startPaused) throws ProtocolException {
        this.socket = socket;
        this.port = port;
        this.statusLine = head.statusLine;
        this.httpVersion = head.version;
        this.status = head.status;
        this.headers = head.headers;
        this.framing = framingOf(head.status, head.headers);
        this.contentLength = framing == Framing.LENGTH ? contentLengthOf(head.headers) : -1;
        this.sse = isEventStream(header("Content-Type"));
        this.paused = startPaused;
        this.reader = new Thread(this::readBody, "raw-sse-reader-" + port + "<-" + socket.getLocalPort());
        this.reader.setDaemon(true);
    }

    // ------------------------------------------------------------------------------------------------ construction

    /**
     * Connects to {@code 127.0.0.1:port}, sends {@code GET pathAndQuery HTTP/1.1} with {@code Host},
     * {@code Accept: text/event-stream} and {@code extraHeaders} (which may override those two), and reads the
     * response head. The body is then read in the background.
     *
     * @param extraHeaders extra request headers in iteration order, may be {@code null}; names and values must not
     *                     contain CR or LF
     * @param timeout      bounds the TCP connect and, as a whole, the reading of the response head
     * @throws IOException          if connecting fails, the server closes early, or the head does not arrive in time
     *                              ({@link SocketTimeoutException})
     * @throws ProtocolException    if the response head is malformed
     */
    public static RawSseClient connect(int port, String pathAndQuery, Map<String, String> extraHeaders, Duration timeout)
            throws IOException {
        return builder(port, pathAndQuery).headers(extraHeaders).timeout(timeout).connect();
    }

    /**
     * Like {@link #connect}, but simulates a client that stops reading its socket right after the response head: the
     * socket gets a {@link #SMALL_RECEIVE_BUFFER small receive buffer} (set before connecting, so the TCP window is
     * small) and no byte of the body is read until {@link #resumeReading()}. The server's writes back up.
     */
    public static RawSseClient connectWithoutReading(int port, String pathAndQuery, Map<String, String> extraHeaders,
            Duration timeout) throws IOException {
        return builder(port, pathAndQuery).headers(extraHeaders).timeout(timeout)
                .receiveBufferSize(SMALL_RECEIVE_BUFFER).withoutReading().connect();
    }

    /** A builder for the less common options (HTTP/1.0, receive buffer size, not reading). */
    public static Builder builder(int port, String pathAndQuery) {
        return new Builder(port, pathAndQuery);
    }

    /** Options for {@link RawSseClient}; {@link #connect()} opens the connection. */
    public static final class Builder {
        private final int port;
        private final String pathAndQuery;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(10);
        private String httpVersion = "HTTP/1.1";
        private int receiveBufferSize;
        private boolean withoutReading;

        private Builder(int port, String pathAndQuery) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            if (pathAndQuery == null || pathAndQuery.isEmpty() || hasAny(pathAndQuery, " \r\n")) {
                throw new IllegalArgumentException("request target must be non-empty without SP, CR, LF: " + pathAndQuery);
            }
            this.port = port;
            this.pathAndQuery = pathAndQuery;
        }

        /** Adds a request header (replacing an earlier one of the same name, compared case-insensitively). */
        public Builder header(String name, String value) {
            if (name == null || !TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("header name is not an HTTP token: " + name);
            }
            if (value == null || hasAny(value, "\r\n")) {
                throw new IllegalArgumentException("header value must be non-null without CR/LF: " + value);
            }
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        /** Adds request headers in iteration order; {@code null} adds none. */
        public Builder headers(Map<String, String> extra) {
            if (extra != null) {
                extra.forEach(this::header);
            }
            return this;
        }

        /** Connect timeout and overall deadline for the response head; default 10 s. */
        public Builder timeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + value);
            }
            this.timeout = value;
            return this;
        }

        /** Sends {@code HTTP/1.0} instead of {@code HTTP/1.1} in the request line. */
        public Builder http10() {
            this.httpVersion = "HTTP/1.0";
            return this;
        }

        /** Sets {@code SO_RCVBUF} before connecting (so it also bounds the advertised TCP window). */
        public Builder receiveBufferSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("receive buffer size must be positive: " + bytes);
            }
            this.receiveBufferSize = bytes;
            return this;
        }

        /** Reads only the response head; the body stays unread in the socket until {@link RawSseClient#resumeReading()}. */
        public Builder withoutReading() {
            this.withoutReading = true;
            return this;
        }

        public RawSseClient connect() throws IOException {
            long timeoutNanos = nanos(timeout);
            long started = System.nanoTime();
            Socket socket = new Socket();
            boolean ok = false;
            try {
                if (receiveBufferSize > 0) {
                    socket.setReceiveBufferSize(receiveBufferSize);
                }
                socket.setTcpNoDelay(true);
                InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
                socket.connect(new InetSocketAddress(loopback, port), millisAtLeastOne(timeoutNanos));
                OutputStream out = socket.getOutputStream();
                out.write(requestHead().getBytes(StandardCharsets.UTF_8));
                out.flush();
                Head head = readHead(socket, started, timeoutNanos);
                socket.setSoTimeout(0); // the reader blocks until data, EOF or close(); callers wait with deadlines
                RawSseClient client = new RawSseClient(socket, port, head, withoutReading);
                client.reader.start();
                ok = true;
                return client;
            } finally {
                if (!ok) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // nothing to add to the primary failure
                    }
                }
            }
        }

        private String requestHead() {
            StringBuilder head = new StringBuilder(256);
            head.append("GET ").append(pathAndQuery).append(' ').append(httpVersion).append("\r\n");
            if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            if (headers.keySet().stream().noneMatch("Accept"::equalsIgnoreCase)) {
                head.append("Accept: text/event-stream\r\n");
            }
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            return head.append("\r\n").toString();
        }
    }

    // ------------------------------------------------------------------------------------------------ response head

    /** Status, version of the response and its header fields (case-insensitive names, values in arrival order). */
    public int status() {
        return status;
    }

    /** The status line as received, without CRLF, e.g. {@code HTTP/1.1 200 OK}. */
    public String statusLine() {
        return statusLine;
    }

    /** The response's HTTP version, e.g. {@code HTTP/1.1}. */
    public String httpVersion() {
        return httpVersion;
    }

    /** The first value of a response header (name compared case-insensitively), {@code null} if absent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All response header fields; names are compared case-insensitively, each header line is one list element. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** Whether the body is {@code Transfer-Encoding: chunked}. */
    public boolean chunked() {
        return framing == Framing.CHUNKED;
    }

    /** Whether the response is {@code text/event-stream} (only then is the body parsed as SSE). */
    public boolean isEventStream() {
        return sse;
    }

    /** The local (ephemeral) port of this connection, e.g. to find it in server logs. */
    public int localPort() {
        return socket.getLocalPort();
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    /** The decoded body received so far (chunk framing removed), as UTF-8 text; exact bytes: {@link #rawBodyBytes()}. */
    public String rawBody() {
        return new String(rawBodyBytes(), StandardCharsets.UTF_8);
    }

    /** The decoded body bytes received so far (chunk framing removed). */
    public byte[] rawBodyBytes() {
        lock.lock();
        try {
            return raw.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    /** The data of each complete chunk received so far, as UTF-8 text, in order (empty unless {@link #chunked()}). */
    public List<String> chunks() {
        return snapshot(chunks);
    }

    /** All events received so far, including those already returned by {@link #nextEvent}/{@link #awaitEvents}. */
    public List<SseEvent> events() {
        return snapshot(events);
    }

    /** All comments received so far (text after {@code :} with one leading space removed). */
    public List<String> comments() {
        return snapshot(comments);
    }

    /** SSE lines the parser ignored: unknown field names, invalid {@code retry}, {@code id} containing NUL. */
    public List<String> ignoredLines() {
        return snapshot(ignoredLines);
    }

    /** The last valid {@code retry:} value received, {@code null} if none. */
    public Long lastRetry() {
        lock.lock();
        try {
            return lastRetry;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The spec's last event ID: the last valid {@code id:} value of a dispatched block (one ended by a blank line),
     * persisting across events ({@code ""} initially). What a browser would send as {@code Last-Event-ID}.
     */
    public String lastEventId() {
        lock.lock();
        try {
            return lastEventId;
        } finally {
            lock.unlock();
        }
    }

    /** How the body ended, {@code null} while it is still being read (or reading is paused). */
    public EndOfStream endReason() {
        lock.lock();
        try {
            return end;
        } finally {
            lock.unlock();
        }
    }

    /** The error behind {@link EndOfStream#PROTOCOL_ERROR}, {@link EndOfStream#RESET} or {@link EndOfStream#TRUNCATED}, else {@code null}. */
    public Throwable failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ waiting

    /**
     * Returns the next event not yet returned by this method or {@link #awaitEvents}.
     *
     * @throws AssertionError if none arrives within the timeout, the stream ends first, the response is not an event
     *                        stream, or a protocol error happened
     */
    public SseEvent nextEvent(Duration timeout) {
        return awaitEvents(1, timeout).get(0);
    }

    /**
     * Returns the next {@code count} events not yet returned by {@link #nextEvent} or this method (from the start of
     * the stream if neither was called before).
     *
     * @throws AssertionError if they do not all arrive within the timeout, the stream ends first, the response is not
     *                        an event stream, or a protocol error happened
     */
    public List<SseEvent> awaitEvents(int count, Duration timeout) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count);
        }
        requireEventStream("awaitEvents");
        long timeoutNanos = nanos(timeout);
        long started = System.nanoTime();
        lock.lock();
        try {
            while (true) {
                failOnProtocolError("waiting for " + count + " event(s)");
                if (events.size() - eventCursor >= count) {
                    List<SseEvent> next = List.copyOf(events.subList(eventCursor, eventCursor + count));
                    eventCursor += count;
                    return next;
                }
                String waitingFor = "event(s) #" + (eventCursor + 1) + ".." + (eventCursor + count) + " (" + count
                        + " after the " + eventCursor + " already taken)";
                if (end != null) {
                    throw new AssertionError("stream ended (" + end + ") before " + waitingFor + " arrived; " + describe());
                }
                awaitChange(started, timeoutNanos, timeout, waitingFor);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the next comment not yet returned by this method.
     *
     * @throws AssertionError if none arrives within the timeout, the stream ends first, the response is not an event
     *                        stream, or a protocol error happened
     */
    public String nextComment(Duration timeout) {
        requireEventStream("nextComment");
        long timeoutNanos = nanos(timeout);
        long started = System.nanoTime();
        lock.lock();
        try {
            while (true) {
                failOnProtocolError("waiting for a comment");
                if (commentCursor < comments.size()) {
                    return comments.get(commentCursor++);
                }
                String waitingFor = "comment #" + (commentCursor + 1);
                if (end != null) {
                    throw new AssertionError("stream ended (" + end + ") before " + waitingFor + " arrived; " + describe());
                }
                awaitChange(started, timeoutNanos, timeout, waitingFor);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the decoded body received so far satisfies {@code condition} and returns it (UTF-8 text).
     *
     * @throws AssertionError on timeout, if the stream ends without the condition holding, or on a protocol error
     */
    public String awaitRawBody(Predicate<String> condition, Duration timeout) {
        long timeoutNanos = nanos(timeout);
        long started = System.nanoTime();
        lock.lock();
        try {
            while (true) {
                failOnProtocolError("waiting for the raw body to match");
                String body = raw.toString(StandardCharsets.UTF_8);
                if (condition.test(body)) {
                    return body;
                }
                if (end != null) {
                    throw new AssertionError("stream ended (" + end + ") and the raw body never matched; " + describe());
                }
                awaitChange(started, timeoutNanos, timeout, "the raw body to match");
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the whole body (e.g. of a 400/503 JSON error) and returns it as UTF-8 text.
     *
     * @throws AssertionError if the body does not end within the timeout, ends without being complete
     *                        ({@link EndOfStream#TRUNCATED}, {@link EndOfStream#RESET}), the client was closed first,
     *                        or a protocol error happened
     */
    public String body(Duration timeout) {
        long timeoutNanos = nanos(timeout);
        long started = System.nanoTime();
        lock.lock();
        try {
            while (end == null) {
                awaitChange(started, timeoutNanos, timeout, "the end of the body");
            }
            failOnProtocolError("reading the body");
            if (!end.clean()) {
                throw new AssertionError("the body is not complete, the stream ended with " + end + "; " + describe(),
                        failure);
            }
            return raw.toString(StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the server ends the stream: last chunk, complete {@code Content-Length}, connection closed or reset
     * (check {@link #endReason()} to tell them apart).
     *
     * @return {@code true} if the server ended the stream within the timeout; {@code false} on timeout or if this
     *         client was closed first
     * @throws AssertionError if the stream violated the protocol
     */
    public boolean awaitEndOfStream(Duration timeout) {
        long timeoutNanos = nanos(timeout);
        long started = System.nanoTime();
        lock.lock();
        try {
            while (end == null) {
                long remaining = timeoutNanos - (System.nanoTime() - started);
                if (remaining <= 0) {
                    return false;
                }
                try {
                    changed.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for the end of the stream; " + describe(), e);
                }
            }
            failOnProtocolError("waiting for the end of the stream");
            return end.byServer();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the server has ended the stream (see {@link #awaitEndOfStream}).
     *
     * @throws AssertionError if the stream violated the protocol
     */
    public boolean isEndOfStream() {
        lock.lock();
        try {
            failOnProtocolError("checking the end of the stream");
            return end != null && end.byServer();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ flow control

    /**
     * Stops reading the socket so the server's writes back up. Takes effect before the reader's next read from the
     * socket; bytes of a read already under way are still processed.
     */
    public void pauseReading() {
        lock.lock();
        try {
            paused = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Resumes (or, after {@link #connectWithoutReading}, starts) reading the body. */
    public void resumeReading() {
        lock.lock();
        try {
            paused = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether reading is paused. */
    public boolean isReadingPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ closing

    /** Closes the socket (like closing a browser tab: FIN). Idempotent; never throws. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
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
        finish(EndOfStream.CLOSED_LOCALLY, null);
    }

    /** Closes the socket with {@code SO_LINGER 0}, so the server sees a connection reset (RST) instead of a FIN. */
    public void abort() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "RawSseClient[" + describe() + "]";
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ body reading

    private void readBody() {
        try {
            if (!awaitNotPaused()) {
                finish(EndOfStream.CLOSED_LOCALLY, null);
                return;
            }
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            switch (framing) {
                case NONE -> finish(EndOfStream.CONTENT_COMPLETE, null);
                case CHUNKED -> readChunked();
                case LENGTH -> readContentLength();
                case UNTIL_EOF -> readUntilEof();
                default -> throw new IllegalStateException(framing.name());
            }
        } catch (Truncated e) {
            finish(isClosed() ? EndOfStream.CLOSED_LOCALLY : EndOfStream.TRUNCATED, e);
        } catch (ProtocolException e) {
            finish(EndOfStream.PROTOCOL_ERROR, e);
        } catch (IOException e) {
            finish(isClosed() ? EndOfStream.CLOSED_LOCALLY : EndOfStream.RESET, e);
        } catch (Throwable e) {
            finish(EndOfStream.PROTOCOL_ERROR, e);
        }
    }

    private void readChunked() throws IOException {
        byte[] buffer = new byte[8192];
        int index = 0;
        while (true) {
            String sizeLine = readCrlfLine("the size line of chunk #" + (index + 1), index == 0
                    ? "the server closed the connection before the first chunk"
                    : "the server closed the connection after " + index + " chunk(s) without sending the last chunk");
            Matcher size = CHUNK_SIZE.matcher(sizeLine);
            if (!size.matches()) {
                throw new ProtocolException("malformed size line of chunk #" + (index + 1) + ": \"" + escape(sizeLine) + "\"");
            }
            long length = Long.parseLong(size.group(1), 16);
            if (length == 0) {
                readTrailers();
                finish(EndOfStream.LAST_CHUNK, null);
                return;
            }
            index++;
            ByteArrayOutputStream chunk = new ByteArrayOutputStream((int) Math.min(length, 1 << 16));
            long remaining = length;
            while (remaining > 0) {
                int n = read(buffer, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new Truncated("the server closed the connection inside chunk #" + index + " after "
                            + (length - remaining) + " of " + length + " bytes");
                }
                chunk.write(buffer, 0, n);
                deliver(buffer, n);
                remaining -= n;
            }
            int cr = readByte();
            int lf = cr < 0 ? -1 : readByte();
            if (cr < 0 || lf < 0) {
                throw new Truncated("the server closed the connection before the CRLF after chunk #" + index);
            }
            if (cr != '\r' || lf != '\n') {
                throw new ProtocolException("chunk #" + index + " of declared size " + length + " (0x"
                        + size.group(1) + ") is followed by " + hexByte(cr) + " " + hexByte(lf)
                        + " instead of CRLF: the declared size does not match the data");
            }
            lock.lock();
            try {
                chunks.add(chunk.toString(StandardCharsets.UTF_8));
            } finally {
                lock.unlock();
            }
        }
    }

    private void readTrailers() throws IOException {
        for (int lines = 0; ; lines++) {
            String line = readCrlfLine("the trailer section",
                    "the server closed the connection inside the trailer section after the last chunk");
            if (line.isEmpty()) {
                return;
            }
            if (lines >= MAX_HEAD_LINES || !isHeaderField(line)) {
                throw new ProtocolException("malformed trailer field after the last chunk: \"" + escape(line) + "\"");
            }
        }
    }

    private void readContentLength() throws IOException {
        byte[] buffer = new byte[8192];
        long remaining = contentLength;
        while (remaining > 0) {
            int n = read(buffer, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new Truncated("the server closed the connection after " + (contentLength - remaining) + " of "
                        + contentLength + " bytes (Content-Length)");
            }
            deliver(buffer, n);
            remaining -= n;
        }
        finish(EndOfStream.CONTENT_COMPLETE, null);
    }

    private void readUntilEof() throws IOException {
        byte[] buffer = new byte[8192];
        while (true) {
            int n = read(buffer, buffer.length);
            if (n < 0) {
                finish(EndOfStream.EOF, null);
                return;
            }
            deliver(buffer, n);
        }
    }

    /** A line ending in CRLF (framing only, ISO-8859-1); a bare CR or LF is a protocol error. */
    private String readCrlfLine(String what, String truncatedMessage) throws IOException {
        StringBuilder line = new StringBuilder(16);
        while (true) {
            int b = readByte();
            if (b < 0) {
                throw new Truncated(line.length() == 0 ? truncatedMessage
                        : "the server closed the connection inside " + what + ": \"" + escape(line) + "\"");
            }
            if (b == '\r') {
                int lf = readByte();
                if (lf < 0) {
                    throw new Truncated("the server closed the connection inside " + what);
                }
                if (lf != '\n') {
                    throw new ProtocolException(what + " has a CR not followed by LF: \"" + escape(line) + "\\r\" then "
                            + hexByte(lf));
                }
                return line.toString();
            }
            if (b == '\n') {
                throw new ProtocolException(what + " ends with a bare LF instead of CRLF: \"" + escape(line) + "\"");
            }
            if (line.length() >= 4096) {
                throw new ProtocolException(what + " is longer than 4096 bytes: \"" + escape(line.substring(0, 64)) + "...\"");
            }
            line.append((char) b);
        }
    }

    private int read(byte[] buffer, int length) throws IOException {
        if (!awaitNotPaused()) {
            throw new IOException("client closed while reading was paused");
        }
        return in.read(buffer, 0, length);
    }

    private int readByte() throws IOException {
        if (!awaitNotPaused()) {
            throw new IOException("client closed while reading was paused");
        }
        return in.read();
    }

    /** Blocks while paused; {@code false} if the client was closed. */
    private boolean awaitNotPaused() {
        lock.lock();
        try {
            while (paused && !closed) {
                changed.awaitUninterruptibly();
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(byte[] buffer, int length) throws ProtocolException {
        lock.lock();
        try {
            raw.write(buffer, 0, length);
            if (sse) {
                parser.feed(buffer, length);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finish(EndOfStream reason, Throwable cause) {
        lock.lock();
        try {
            if (end == null) {
                end = reason;
                failure = cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Thrown when the server closes the connection before the body's framing says it ended. */
    private static final class Truncated extends EOFException {
        private static final long serialVersionUID = 1L;

        Truncated(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------------------------------------ SSE parsing

    /** Byte-level WHATWG event stream parser; runs on the reader thread while it holds {@link #lock}. */
    private final class SseParser {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private boolean afterCr;
        private boolean firstLine = true;
        /** The spec's last event ID buffer: set by id lines, kept across blocks, copied out at each dispatch. */
        private String lastEventIdBuffer = "";
        // the block being built
        private boolean hasField;
        private String id;
        private String event;
        private StringBuilder data;
        private Long retry;

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
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                    hasField = true;
                }
                case "id" -> {
                    if (value.indexOf('\0') >= 0) {
                        ignoredLines.add(text);
                    } else {
                        // like a browser: the id takes effect when the block is dispatched, and an id alone
                        // makes no event
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

        private Long retryValue(String value) {
            if (value.isEmpty() || value.length() > 18) {
                return null;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
            }
            return Long.parseLong(value);
        }

        private String stripOneSpace(String value) {
            return !value.isEmpty() && value.charAt(0) == ' ' ? value.substring(1) : value;
        }

        private String decodeStrictly(byte[] bytes, int offset) throws ProtocolException {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                        .toString();
            } catch (CharacterCodingException e) {
                ProtocolException error = new ProtocolException("SSE line is not valid UTF-8: \""
                        + escape(new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8)) + "\"");
                error.initCause(e);
                throw error;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ head parsing

    private static final class Head {
        String statusLine;
        String version;
        int status;
        Map<String, List<String>> headers;
    }

    private static Head readHead(Socket socket, long started, long timeoutNanos) throws IOException {
        InputStream rawIn = socket.getInputStream(); // unbuffered: not one body byte is read here
        while (true) {
            Head head = new Head();
            head.statusLine = readHeadLine(socket, rawIn, started, timeoutNanos, "the status line");
            Matcher matcher = STATUS_LINE.matcher(head.statusLine);
            if (!matcher.matches()) {
                throw new ProtocolException("malformed status line: \"" + escape(head.statusLine) + "\"");
            }
            head.version = "HTTP/" + matcher.group(1) + "." + matcher.group(2);
            head.status = Integer.parseInt(matcher.group(3));
            Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int lines = 0; ; lines++) {
                String line = readHeadLine(socket, rawIn, started, timeoutNanos, "a header line");
                if (line.isEmpty()) {
                    break;
                }
                if (lines >= MAX_HEAD_LINES) {
                    throw new ProtocolException("more than " + MAX_HEAD_LINES + " header lines");
                }
                if (!isHeaderField(line)) {
                    throw new ProtocolException("malformed header line (obs-fold, no colon, or not a token before"
                            + " the colon): \"" + escape(line) + "\"");
                }
                int colon = line.indexOf(':');
                fields.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            if (head.status == 101) {
                throw new ProtocolException("unexpected 101 Switching Protocols: " + head.statusLine);
            }
            if (head.status >= 100 && head.status < 200) {
                continue; // an interim response; the final one follows
            }
            Map<String, List<String>> frozen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            fields.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
            head.headers = Collections.unmodifiableMap(frozen);
            return head;
        }
    }

    private static String readHeadLine(Socket socket, InputStream in, long started, long timeoutNanos, String what)
            throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            long remaining = timeoutNanos - (System.nanoTime() - started);
            if (remaining <= 0) {
                throw new SocketTimeoutException("timed out reading " + what + " of the response head; got so far: \""
                        + escape(line) + "\"");
            }
            socket.setSoTimeout(millisAtLeastOne(remaining));
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                SocketTimeoutException timeout = new SocketTimeoutException("timed out reading " + what
                        + " of the response head; got so far: \"" + escape(line) + "\"");
                timeout.initCause(e);
                throw timeout;
            }
            if (b < 0) {
                throw new EOFException("the server closed the connection while sending " + what
                        + " of the response head; got so far: \"" + escape(line) + "\"");
            }
            if (b == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new ProtocolException(what + " of the response head has a CR not followed by LF: \""
                            + escape(line) + "\"");
                }
                return line.toString();
            }
            if (b == '\n') {
                throw new ProtocolException(what + " of the response head ends with a bare LF: \"" + escape(line) + "\"");
            }
            if (line.length() >= MAX_HEAD_LINE) {
                throw new ProtocolException(what + " of the response head is longer than " + MAX_HEAD_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private static boolean isHeaderField(String line) {
        int colon = line.indexOf(':');
        return colon > 0 && TOKEN.matcher(line.substring(0, colon)).matches();
    }

    private static Framing framingOf(int status, Map<String, List<String>> headers) throws ProtocolException {
        List<String> transferEncoding = headers.get("Transfer-Encoding");
        List<String> contentLength = headers.get("Content-Length");
        if (status == 204 || status == 304) {
            if (transferEncoding != null) {
                throw new ProtocolException(status + " response with Transfer-Encoding " + transferEncoding);
            }
            return Framing.NONE;
        }
        if (transferEncoding != null) {
            if (contentLength != null) {
                throw new ProtocolException("response has both Transfer-Encoding " + transferEncoding
                        + " and Content-Length " + contentLength);
            }
            List<String> codings = new ArrayList<>();
            for (String value : transferEncoding) {
                for (String coding : value.split(",")) {
                    codings.add(coding.strip().toLowerCase(Locale.ROOT));
                }
            }
            if (codings.indexOf("chunked") >= 0 && codings.indexOf("chunked") != codings.size() - 1) {
                throw new ProtocolException("chunked is not the final transfer coding: " + transferEncoding);
            }
            return codings.get(codings.size() - 1).equals("chunked") ? Framing.CHUNKED : Framing.UNTIL_EOF;
        }
        if (contentLength != null) {
            return Framing.LENGTH;
        }
        return Framing.UNTIL_EOF;
    }

    private static long contentLengthOf(Map<String, List<String>> headers) throws ProtocolException {
        List<String> values = headers.get("Content-Length");
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String digits = part.strip();
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new ProtocolException("invalid Content-Length " + values);
                }
                long parsed = Long.parseLong(digits);
                if (length >= 0 && parsed != length) {
                    throw new ProtocolException("conflicting Content-Length values " + values);
                }
                length = parsed;
            }
        }
        return length;
    }

    private static boolean isEventStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return mediaType.equalsIgnoreCase("text/event-stream");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void requireEventStream(String operation) {
        if (!sse) {
            lock.lock();
            try {
                throw new AssertionError(operation + ": the response is not an event stream (status " + status
                        + ", Content-Type " + header("Content-Type") + "); " + describe());
            } finally {
                lock.unlock();
            }
        }
    }

    /** Caller holds the lock. */
    private void failOnProtocolError(String operation) {
        if (end == EndOfStream.PROTOCOL_ERROR) {
            throw new AssertionError(operation + ": the stream violated the protocol: " + failure + "; " + describe(),
                    failure);
        }
    }

    /** Caller holds the lock; waits for a change or throws an AssertionError once the timeout has passed. */
    private void awaitChange(long started, long timeoutNanos, Duration timeout, String waitingFor) {
        long remaining = timeoutNanos - (System.nanoTime() - started);
        if (remaining <= 0) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + waitingFor + "; "
                    + describe());
        }
        try {
            changed.awaitNanos(remaining);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + waitingFor + "; " + describe(), e);
        }
    }

    /** Caller holds the lock. */
    private String describe() {
        StringBuilder text = new StringBuilder(512);
        text.append("127.0.0.1:").append(port).append(" <- :").append(socket.getLocalPort())
                .append(", ").append(statusLine)
                .append(", framing ").append(framing)
                .append(", Content-Type ").append(header("Content-Type"))
                .append(", end ").append(end == null ? "not yet" : end);
        if (paused) {
            text.append(", reading PAUSED");
        }
        if (closed) {
            text.append(", closed locally");
        }
        if (failure != null) {
            text.append(", failure: ").append(failure);
        }
        if (sse) {
            text.append("\n  events (").append(events.size()).append(" received, ").append(eventCursor)
                    .append(" taken): ").append(tail(events, 20))
                    .append("\n  comments (").append(comments.size()).append(" received, ").append(commentCursor)
                    .append(" taken): ").append(tail(comments, 20))
                    .append("\n  lastRetry ").append(lastRetry).append(", lastEventId \"").append(escape(lastEventId))
                    .append('"');
            if (!ignoredLines.isEmpty()) {
                text.append(", ignored lines ").append(tail(ignoredLines, 10));
            }
        }
        String body = raw.toString(StandardCharsets.UTF_8);
        text.append("\n  raw body (").append(raw.size()).append(" bytes");
        if (body.length() > DESCRIBE_TAIL) {
            text.append(", last ").append(DESCRIBE_TAIL).append(" chars");
            body = body.substring(body.length() - DESCRIBE_TAIL);
        }
        text.append("): \"").append(escape(body)).append('"');
        return text.toString();
    }

    private static String tail(List<?> list, int max) {
        if (list.size() <= max) {
            return list.toString();
        }
        return "[... " + (list.size() - max) + " more, " + list.subList(list.size() - max, list.size()).toString().substring(1);
    }

    private <T> List<T> snapshot(List<T> list) {
        lock.lock();
        try {
            return List.copyOf(list);
        } finally {
            lock.unlock();
        }
    }

    private static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String hexByte(int b) {
        return b < 0 ? "EOF" : String.format("0x%02x", b);
    }

    private static boolean hasAny(String text, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (text.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static long nanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive: " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static int millisAtLeastOne(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos) + (nanos % 1_000_000 == 0 ? 0 : 1);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }
}
