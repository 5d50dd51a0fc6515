package dev.headspace.sse.adapter.http.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.conduits.ChunkedStreamSinkConduit;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.conduits.AbstractConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * What {@link SocketTakeover} relies on in Undertow, checked on a real Undertow read through a raw socket: if an upgrade
 * changes how a stream's response is framed or what lies between the chunked conduit and the socket, this fails.
 */
@Timeout(30)
class SocketTakeoverIT {

    private static final String HEAD_WRITER = "io.undertow.server.protocol.http.HttpResponseConduit";

    /** What the listener saw on the IO thread when the socket was handed over. */
    private record Takeover(boolean chunked, List<String> conduitsBelowChunked, boolean reachesOriginalSink,
                            int sendBuffer) {
    }

    private final CompletableFuture<Takeover> takeover = new CompletableFuture<>();
    private final List<ByteBuffer> frames = new ArrayList<>();
    private Undertow server;
    private int port;

    @BeforeEach
    void startServer() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(this::stream).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    /** Like EventStreamHandler: a 200 head with no length, dispatched so Undertow does not end the exchange. */
    private void stream(HttpServerExchange exchange) {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> SocketTakeover.start(exchange, SEND_BUFFER, new Recorder(exchange)));
    }

    /** Records what lies below Undertow's response conduit, then writes the frames below it and closes. */
    private final class Recorder implements SocketTakeover.Listener {
        private final HttpServerExchange exchange;

        Recorder(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void taken(StreamSinkConduit sink, boolean chunked) {
            try {
                AbstractServerConnection connection = (AbstractServerConnection) exchange.getConnection();
                StreamSinkConduit response = connection.getChannel().getSinkChannel().getConduit();
                List<String> below = new ArrayList<>();
                boolean reachesOriginal = false;
                if (response instanceof ChunkedStreamSinkConduit) {
                    for (Object conduit = next(response); conduit != null; conduit = next(conduit)) {
                        if (conduit == connection.getOriginalSinkConduit()) {
                            reachesOriginal = sink == conduit;
                            break;
                        }
                        below.add(conduit.getClass().getName());
                    }
                } else {
                    below.add("top is " + response.getClass().getName() + ", not the chunked conduit");
                }
                takeover.complete(new Takeover(chunked, below, reachesOriginal,
                        connection.getChannel().getOption(Options.SEND_BUFFER)));
                ByteBuffer[] out = frames.stream()
                        .map(frame -> chunked ? frame.duplicate() : SseFrames.unchunked(frame))
                        .toArray(ByteBuffer[]::new);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (out[out.length - 1].hasRemaining() && System.nanoTime() < deadline) {
                    sink.write(out, 0, out.length);
                }
            } catch (IOException | ReflectiveOperationException | RuntimeException e) {
                takeover.completeExceptionally(e);
            } finally {
                IoUtils.safeClose(exchange.getConnection());
            }
        }

        @Override
        public void writable() {
        }

        @Override
        public void failed(IOException cause) {
            takeover.completeExceptionally(cause == null ? new IOException("peer closed") : cause);
        }

        @Override
        public void terminated() {
        }
    }

    private static Object next(Object conduit) throws ReflectiveOperationException {
        if (!(conduit instanceof AbstractConduit)) {
            return null;
        }
        Field next = AbstractConduit.class.getDeclaredField("next");
        next.setAccessible(true);
        return next.get(conduit);
    }

    private static final int SEND_BUFFER = 2048;
    private static final String OPENING = "retry: 1000\n: connected\n\n";
    private static final String EVENT = "id: 1-0\nevent: note\ndata: {\"n\":1}\n\n";
    private static final String HEARTBEAT = ": heartbeat\n\n";

    @Test
    void http11StreamWithoutLength_isChunkedByTheChunkedConduit_overTheOriginalSink_andOurChunksArriveAsTheBody()
            throws Exception {
        frames.addAll(List.of(SseFrames.chunk(OPENING), SseFrames.chunk(EVENT), SseFrames.HEARTBEAT.duplicate(),
                SseFrames.LAST_CHUNK.duplicate()));

        String response = exchange("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");

        Takeover seen = takeover.get(10, TimeUnit.SECONDS);
        assertThat(seen.chunked()).as("the head announced chunking").isTrue();
        assertThat(seen.conduitsBelowChunked()).as("between the chunked conduit and the socket's own conduit")
                .containsExactly(HEAD_WRITER);
        assertThat(seen.reachesOriginalSink()).as("the sink handed over is the connection's original one").isTrue();
        // what the kernel reports varies with its floor and doubling; a socket left to autotuning starts at 16 KiB
        assertThat(seen.sendBuffer()).as("the socket's send buffer, as the stream sized it").isBetween(1, 8 * 1024);
        String head = response.substring(0, response.indexOf("\r\n\r\n") + 2);
        assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("\r\nTransfer-Encoding: chunked\r\n")
                .doesNotContainIgnoringCase("Content-Length").doesNotContainIgnoringCase("Connection: close");
        String body = response.substring(head.length() + 2);
        assertThat(body).isEqualTo(chunk(OPENING) + chunk(EVENT) + chunk(HEARTBEAT) + "0\r\n\r\n");
        assertThat(dechunk(body)).isEqualTo(OPENING + EVENT + HEARTBEAT);
    }

    @Test
    void http10Stream_isNotChunked_andOurUnchunkedBytesAreTheBody() throws Exception {
        frames.addAll(List.of(SseFrames.chunk(OPENING), SseFrames.chunk(EVENT)));

        String response = exchange("GET /events HTTP/1.0\r\nHost: localhost\r\n\r\n");

        assertThat(takeover.get(10, TimeUnit.SECONDS).chunked()).isFalse();
        String head = response.substring(0, response.indexOf("\r\n\r\n") + 2);
        assertThat(head).startsWith("HTTP/1.0 200 ").doesNotContainIgnoringCase("Transfer-Encoding")
                .doesNotContainIgnoringCase("Content-Length");
        assertThat(response.substring(head.length() + 2)).isEqualTo(OPENING + EVENT);
    }

    /** Sends the request and reads until the server closes the connection. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                all.write(buffer, 0, read);
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static String chunk(String sse) {
        return Integer.toHexString(sse.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + sse + "\r\n";
    }

    /** Decodes a chunked body strictly: every size line, every trailing CRLF, the last chunk, and nothing after it. */
    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            assertThat(lineEnd).as("a chunk size line at %d", at).isPositive();
            int size = Integer.parseInt(body.substring(at, lineEnd), 16);
            at = lineEnd + 2;
            if (size == 0) {
                assertThat(body.substring(at)).as("after the last chunk").isEqualTo("\r\n");
                return out.toString();
            }
            out.append(body, at, at + size);
            at += size;
            assertThat(body.substring(at, at + 2)).as("the end of a chunk").isEqualTo("\r\n");
            at += 2;
        }
    }
}
