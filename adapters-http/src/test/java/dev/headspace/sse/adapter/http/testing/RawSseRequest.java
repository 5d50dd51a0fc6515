package dev.headspace.sse.adapter.http.testing;

import static dev.headspace.sse.adapter.http.testing.Wire.hasAny;
import static dev.headspace.sse.adapter.http.testing.Wire.millisAtLeastOne;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one {@code GET} a {@link RawSseClient} sends, with the less common options (HTTP/1.0, receive buffer size, not
 * reading); {@link #connect()} opens the connection. Built by {@link RawSseClient#builder}.
 */
public final class RawSseRequest {

    private final int port;
    private final String pathAndQuery;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(10);
    private String httpVersion = "HTTP/1.1";
    private int receiveBufferSize;
    private boolean withoutReading;

    RawSseRequest(int port, String pathAndQuery) {
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
    public RawSseRequest header(String name, String value) {
        if (name == null || !Wire.TOKEN.matcher(name).matches()) {
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
    public RawSseRequest headers(Map<String, String> extra) {
        if (extra != null) {
            extra.forEach(this::header);
        }
        return this;
    }

    /** Connect timeout and overall deadline for the response head; default 10 s. */
    public RawSseRequest timeout(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + value);
        }
        this.timeout = value;
        return this;
    }

    /** Sends {@code HTTP/1.0} instead of {@code HTTP/1.1} in the request line. */
    public RawSseRequest http10() {
        this.httpVersion = "HTTP/1.0";
        return this;
    }

    /** Sets {@code SO_RCVBUF} before connecting (so it also bounds the advertised TCP window). */
    public RawSseRequest receiveBufferSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("receive buffer size must be positive: " + bytes);
        }
        this.receiveBufferSize = bytes;
        return this;
    }

    /** Reads only the response head; the body stays unread in the socket until {@link RawSseClient#resumeReading()}. */
    public RawSseRequest withoutReading() {
        this.withoutReading = true;
        return this;
    }

    /**
     * Connects to {@code 127.0.0.1}, sends the request and reads the response head on the calling thread; the body is
     * then read in the background.
     *
     * @throws IOException if connecting fails, the server closes early, the head does not arrive within the timeout
     *                     ({@link SocketTimeoutException}), or it is malformed ({@link java.net.ProtocolException})
     */
    public RawSseClient connect() throws IOException {
        long timeoutNanos = Wire.nanos(timeout);
        long started = System.nanoTime();
        Socket socket = new Socket();
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
            InputStream unbuffered = socket.getInputStream(); // not one body byte is read with the head
            ResponseHead head = ResponseHead.read(new InputStream() {
                @Override
                public int read() throws IOException {
                    long remaining = timeoutNanos - (System.nanoTime() - started);
                    if (remaining <= 0) {
                        throw new SocketTimeoutException("the deadline of " + timeout.toMillis() + " ms passed");
                    }
                    socket.setSoTimeout(millisAtLeastOne(remaining));
                    return unbuffered.read();
                }
            });
            socket.setSoTimeout(0); // the reader blocks until data, EOF or close(); callers wait with deadlines
            return new RawSseClient(socket, port, head, withoutReading);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
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
