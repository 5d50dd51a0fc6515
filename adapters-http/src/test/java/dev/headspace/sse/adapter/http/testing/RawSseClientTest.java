package dev.headspace.sse.adapter.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks {@link RawSseClient} against hand-made responses written by a tiny {@link ServerSocket}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawSseClientTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SSE_HEAD = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/event-stream; charset=UTF-8\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "X-Multi: a\r\n"
            + "x-multi: b\r\n"
            + "\r\n";

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void parsesATrickyChunkedEventStream() throws Exception {
        try (FakeServer server = new FakeServer(SSE_HEAD);
             RawSseClient client = RawSseClient.connect(server.port(), "/events?project=p1",
                     Map.of("Last-Event-ID", "41"), WAIT)) {
            assertThat(server.request()).isEqualTo("GET /events?project=p1 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + server.port() + "\r\n"
                    + "Accept: text/event-stream\r\n"
                    + "Last-Event-ID: 41\r\n"
                    + "\r\n");
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(client.chunked()).isTrue();
            assertThat(client.isEventStream()).isTrue();
            assertThat(client.header("content-type")).isEqualTo("text/event-stream; charset=UTF-8");
            assertThat(client.header("X-MULTI")).isEqualTo("a");
            assertThat(client.headers().get("x-multi")).containsExactly("a", "b");
            assertThat(client.header("Content-Length")).isNull();

            StringBuilder body = new StringBuilder();

            // CRLF line ends, a comment, retry, a complete event in one chunk
            body.append(server.sendChunk(": hello\r\nretry: 2500\r\nid: 1\r\nevent: agent.started\r\ndata: {\"a\":1}\r\n\r\n"));
            assertThat(client.nextEvent(WAIT)).isEqualTo(new SseEvent("1", "agent.started", "{\"a\":1}", 2500L));
            assertThat(client.nextComment(WAIT)).isEqualTo("hello");
            assertThat(client.lastRetry()).isEqualTo(2500L);

            // an event split across chunks, the boundary in the middle of a line: nothing is dispatched early
            body.append(server.sendChunk("id: 2\nevent: agent.out"));
            client.awaitRawBody(raw -> raw.endsWith("event: agent.out"), WAIT);
            assertThat(client.events()).hasSize(1);
            body.append(server.sendChunk("put\ndata: line1\ndata:line2\n\n"));
            assertThat(client.nextEvent(WAIT)).isEqualTo(new SseEvent("2", "agent.output", "line1\nline2", null));

            // CR-only line ends; one leading space is stripped, a second one is kept
            body.append(server.sendChunk("id: 3\revent: x\rdata:no-space\rdata:  two spaces\r\r"));
            assertThat(client.nextEvent(WAIT)).isEqualTo(new SseEvent("3", "x", "no-space\n two spaces", null));

            // CR at the end of one chunk, LF at the start of the next: one line end, not two
            body.append(server.sendChunk("data: a\r"));
            body.append(server.sendChunk("\ndata: b\r\n\r\n"));
            assertThat(client.nextEvent(WAIT)).isEqualTo(new SseEvent(null, null, "a\nb", null));

            // a multi-byte character split across chunks (chunk sizes count bytes)
            byte[] utf8 = "data: héllo ✓\n\n".getBytes(StandardCharsets.UTF_8);
            int split = indexOf(utf8, (byte) 0xe2) + 1; // inside the 3 bytes of ✓
            server.sendChunk(Arrays.copyOfRange(utf8, 0, split));
            server.sendChunk(Arrays.copyOfRange(utf8, split, utf8.length));
            body.append("data: héllo ✓\n\n");
            assertThat(client.nextEvent(WAIT)).isEqualTo(new SseEvent(null, null, "héllo ✓", null));

            // upper-case hex size with a chunk extension; a comment without space; an event without data is kept;
            // a bare "data" line; a block of unknown / invalid fields is not an event; an empty id
            String mixed = ":keepalive\n"
                    + "event: shutdown\n\n"
                    + "data\n\n"
                    + "foo: bar\nretry: soon\n\n"
                    + "id\ndata: x\n\n";
            byte[] mixedBytes = mixed.getBytes(StandardCharsets.UTF_8);
            server.send(String.format("%X;ext=1\r\n", mixedBytes.length).getBytes(StandardCharsets.US_ASCII));
            server.send(mixedBytes);
            server.send("\r\n".getBytes(StandardCharsets.US_ASCII));
            body.append(mixed);
            assertThat(client.awaitEvents(3, WAIT)).containsExactly(
                    new SseEvent(null, "shutdown", null, null),
                    new SseEvent(null, null, "", null),
                    new SseEvent("", null, "x", null));
            assertThat(client.nextComment(WAIT)).isEqualTo("keepalive");
            assertThat(client.ignoredLines()).containsExactly("foo: bar", "retry: soon");
            assertThat(client.lastEventId()).isEmpty();
            assertThat(client.lastRetry()).isEqualTo(2500L);

            // a block with only an id is no event, but sets the last event id, as in a browser
            body.append(server.sendChunk("id: 5\n\n"));
            await().atMost(WAIT).until(() -> client.lastEventId().equals("5"));
            assertThat(client.events()).hasSize(8);

            // an unterminated block, then the last chunk: the block is discarded, the stream ended cleanly
            body.append(server.sendChunk("id: 9\ndata: incomplete"));
            server.send("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(client.awaitEndOfStream(WAIT)).isTrue();
            assertThat(client.isEndOfStream()).isTrue();
            assertThat(client.endReason()).isEqualTo(EndOfStream.LAST_CHUNK);
            assertThat(client.failure()).isNull();
            assertThat(client.rawBody()).isEqualTo(body.toString());
            assertThat(client.comments()).containsExactly("hello", "keepalive");
            assertThat(client.events()).hasSize(8).extracting(SseEvent::type).containsExactly(
                    "agent.started", "agent.output", "x", "message", "message", "shutdown", "message", "message");
            assertThat(client.chunks()).hasSize(11)
                    .startsWith(": hello\r\nretry: 2500\r\nid: 1\r\nevent: agent.started\r\ndata: {\"a\":1}\r\n\r\n")
                    .endsWith("id: 9\ndata: incomplete");
            assertThat(client.lastEventId()).isEqualTo("5"); // the id of the block cut off never took effect

            long started = System.nanoTime();
            assertThatThrownBy(() -> client.nextEvent(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("stream ended (LAST_CHUNK)")
                    .hasMessageContaining("data: incomplete");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThatThrownBy(() -> client.nextComment(WAIT)).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void readsAnErrorBodyWithContentLength() throws Exception {
        String json = "{\"error\":\"too_many_streams\",\"message\":\"limit reached: ünïcode\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 503 Service Unavailable\r\n"
                + "content-type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Retry-After: 1\r\n"
                + "\r\n";
        try (FakeServer server = new FakeServer(head);
             RawSseClient client = RawSseClient.connect(server.port(), "/events", null, WAIT)) {
            assertThat(client.status()).isEqualTo(503);
            assertThat(client.header("Content-Type")).isEqualTo("application/json");
            assertThat(client.header("retry-after")).isEqualTo("1");
            assertThat(client.chunked()).isFalse();
            assertThat(client.isEventStream()).isFalse();
            assertThatThrownBy(() -> client.nextEvent(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("not an event stream");

            server.send(Arrays.copyOfRange(bytes, 0, 10));
            client.awaitRawBody(raw -> raw.length() == 10, WAIT);
            assertThat(client.isEndOfStream()).isFalse();
            server.send(Arrays.copyOfRange(bytes, 10, bytes.length));

            assertThat(client.body(WAIT)).isEqualTo(json);
            assertThat(client.endReason()).isEqualTo(EndOfStream.CONTENT_COMPLETE);
            assertThat(client.isEndOfStream()).isTrue();
        }
    }

    @Test
    void aTimeoutSaysWhatWasReceived() throws Exception {
        try (FakeServer server = new FakeServer(SSE_HEAD);
             RawSseClient client = RawSseClient.connect(server.port(), "/events", Map.of(), WAIT)) {
            server.sendChunk("id: 7\ndata: seen\n\n: ping\n");
            assertThat(client.nextEvent(WAIT)).isEqualTo(SseEvent.of("7", null, "seen"));

            assertThatThrownBy(() -> client.nextEvent(Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("timed out after 200 ms waiting for event(s) #2")
                    .hasMessageContaining("SseEvent[id=7, event=null, data=seen, retry=null]")
                    .hasMessageContaining("[ping]")
                    .hasMessageContaining("id: 7\\ndata: seen\\n\\n: ping\\n");
            assertThat(client.awaitEndOfStream(Duration.ofMillis(100))).isFalse();
            assertThat(client.isEndOfStream()).isFalse();
            assertThat(client.endReason()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "5\r\nid: 1\n\r\n",          // declared size one byte short: the data is not followed by CRLF
            "7\r\nid: 1\n\r\n0\r\n\r\n", // declared size one byte long
            "6\nid: 1\n\r\n",            // bare LF after the size
            "6 \r\nid: 1\n\r\n",         // trailing space without an extension
            "x\r\nid: 1\n\r\n",          // not hex
            "\r\n",                      // empty size line
    })
    void malformedChunkingIsAProtocolError(String wire) throws Exception {
        try (FakeServer server = new FakeServer(SSE_HEAD);
             RawSseClient client = RawSseClient.connect(server.port(), "/events", Map.of(), WAIT)) {
            server.send(wire.getBytes(StandardCharsets.US_ASCII));

            assertThatThrownBy(() -> client.awaitEndOfStream(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("violated the protocol")
                    .hasCauseInstanceOf(ProtocolException.class);
            assertThat(client.endReason()).isEqualTo(EndOfStream.PROTOCOL_ERROR);
            assertThatThrownBy(client::isEndOfStream).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> client.nextEvent(WAIT)).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> client.body(WAIT)).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void invalidUtf8InAnSseLineIsAProtocolError() throws Exception {
        try (FakeServer server = new FakeServer(SSE_HEAD);
             RawSseClient client = RawSseClient.connect(server.port(), "/events", Map.of(), WAIT)) {
            server.sendChunk(new byte[] {'d', 'a', 't', 'a', ':', ' ', (byte) 0xc3, '(', '\n', '\n'});
            assertThatThrownBy(() -> client.nextEvent(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("not valid UTF-8");
            assertThat(client.endReason()).isEqualTo(EndOfStream.PROTOCOL_ERROR);
        }
    }

    @Test
    void aConnectionClosedWithoutTheLastChunkIsTruncated() throws Exception {
        try (FakeServer server = new FakeServer(SSE_HEAD);
             RawSseClient client = RawSseClient.connect(server.port(), "/events", Map.of(), WAIT)) {
            server.sendChunk("id: 1\ndata: one\n\n");
            server.send("20\r\ndata: part".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.nextEvent(WAIT)).isEqualTo(SseEvent.of("1", null, "one"));
            server.closeConnection();

            assertThat(client.awaitEndOfStream(WAIT)).isTrue();
            assertThat(client.endReason()).isEqualTo(EndOfStream.TRUNCATED);
            assertThat(client.failure()).hasMessageContaining("inside chunk #2 after 10 of 32 bytes");
            assertThat(client.events()).hasSize(1);
            assertThat(client.rawBody()).isEqualTo("id: 1\ndata: one\n\ndata: part");
            assertThatThrownBy(() -> client.body(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("not complete");
        }
    }

    @Test
    void http10ResponseIsReadUntilEof() throws Exception {
        String head = "HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\n";
        try (FakeServer server = new FakeServer(head);
             RawSseClient client = RawSseClient.builder(server.port(), "/s").http10().timeout(WAIT).connect()) {
            assertThat(server.request()).startsWith("GET /s HTTP/1.0\r\n");
            assertThat(client.httpVersion()).isEqualTo("HTTP/1.0");
            assertThat(client.chunked()).isFalse();
            server.send("\ufeffdata: x\n\n".getBytes(StandardCharsets.UTF_8)); // one leading BOM is ignored
            assertThat(client.nextEvent(WAIT)).isEqualTo(SseEvent.of(null, null, "x"));
            server.closeConnection();
            assertThat(client.awaitEndOfStream(WAIT)).isTrue();
            assertThat(client.endReason()).isEqualTo(EndOfStream.EOF);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\nContent-Type: text/event-stream\n\n",
            "HTTP/1.1 200 OK\r\nContent-Type : text/event-stream\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            "HTTP/1.1 200\r\n\r\n",
            "ICY 200 OK\r\n\r\n",
    })
    void aMalformedResponseHeadFailsToConnect(String head) throws Exception {
        try (FakeServer server = new FakeServer(head)) {
            assertThatThrownBy(() -> RawSseClient.connect(server.port(), "/events", Map.of(), WAIT))
                    .isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void aMissingResponseHeadTimesOut() throws Exception {
        try (FakeServer server = new FakeServer(null)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> RawSseClient.connect(server.port(), "/events", Map.of(), Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("status line");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientThatDoesNotReadMakesTheServerBackUp() throws Exception {
        int chunks = 200;
        String line = ":" + "x".repeat(16 * 1024 - 2) + "\n";
        try (FakeServer server = new FakeServer(SSE_HEAD);
             RawSseClient client = RawSseClient.connectWithoutReading(server.port(), "/events", Map.of(), WAIT)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.isReadingPaused()).isTrue();
            server.socket().setSendBufferSize(4096);

            CountDownLatch written = new CountDownLatch(1);
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < chunks; i++) {
                        server.sendChunk(line);
                    }
                    written.countDown();
                } catch (Throwable e) {
                    writeFailure.set(e);
                }
            }, "backed-up-writer");
            writer.setDaemon(true);
            writer.start();

            // a negative check needs some time: 3.2 MB cannot fit into a few KB of socket buffers
            assertThat(written.await(500, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(client.rawBodyBytes()).isEmpty();
            assertThat(client.endReason()).isNull();

            client.resumeReading();
            assertThat(written.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(writeFailure.get()).isNull();
            server.send("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.awaitEndOfStream(Duration.ofSeconds(20))).isTrue();
            assertThat(client.endReason()).isEqualTo(EndOfStream.LAST_CHUNK);
            assertThat(client.rawBodyBytes()).hasSize(chunks * line.length());
            assertThat(client.comments()).hasSize(chunks);
            assertThat(client.events()).isEmpty();
        }
    }

    @Test
    void closeSendsAFinAndIsIdempotent() throws Exception {
        try (FakeServer server = new FakeServer(SSE_HEAD)) {
            RawSseClient client = RawSseClient.connect(server.port(), "/events", Map.of(), WAIT);
            client.close();
            client.close();
            assertThat(client.isClosed()).isTrue();
            assertThat(client.endReason()).isEqualTo(EndOfStream.CLOSED_LOCALLY);
            assertThat(client.awaitEndOfStream(Duration.ofMillis(50))).isFalse();
            server.socket().setSoTimeout(5000);
            assertThat(server.socket().getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void abortSendsAReset() throws Exception {
        try (FakeServer server = new FakeServer(SSE_HEAD)) {
            RawSseClient client = RawSseClient.connect(server.port(), "/events", Map.of(), WAIT);
            client.abort();
            client.abort();
            client.close();
            assertThat(client.endReason()).isEqualTo(EndOfStream.CLOSED_LOCALLY);
            server.socket().setSoTimeout(5000);
            assertThatThrownBy(() -> server.socket().getInputStream().read())
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void requestHeadersAreValidated() {
        assertThatThrownBy(() -> RawSseClient.builder(8080, "/a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawSseClient.builder(8080, "/a").header("X", "1\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawSseClient.builder(8080, "/a").header("Bad Name", "1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ fake server

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("byte not found");
    }

    /**
     * Accepts one connection, records its request head, answers with a fixed response head (or nothing, if null) and
     * then lets the test write the body piece by piece.
     */
    private static final class FakeServer implements AutoCloseable {
        private final ServerSocket serverSocket;
        private final CompletableFuture<Socket> accepted = new CompletableFuture<>();
        private final CompletableFuture<String> request = new CompletableFuture<>();

        FakeServer(String responseHead) throws IOException {
            serverSocket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            Thread acceptor = new Thread(() -> {
                try {
                    Socket socket = serverSocket.accept();
                    accepted.complete(socket);
                    socket.setSoTimeout(10_000);
                    request.complete(readRequestHead(socket.getInputStream()));
                    if (responseHead != null) {
                        OutputStream out = socket.getOutputStream();
                        out.write(responseHead.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (Throwable e) {
                    accepted.completeExceptionally(e);
                    request.completeExceptionally(e);
                }
            }, "fake-sse-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return serverSocket.getLocalPort();
        }

        String request() throws Exception {
            return request.get(5, TimeUnit.SECONDS);
        }

        Socket socket() throws Exception {
            return accepted.get(5, TimeUnit.SECONDS);
        }

        void send(byte[] bytes) throws Exception {
            OutputStream out = socket().getOutputStream();
            out.write(bytes);
            out.flush();
        }

        /** Sends one chunk holding {@code data}; returns {@code data}. */
        String sendChunk(String data) throws Exception {
            sendChunk(data.getBytes(StandardCharsets.UTF_8));
            return data;
        }

        void sendChunk(byte[] data) throws Exception {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(data.length + 16);
            chunk.write(Integer.toHexString(data.length).getBytes(StandardCharsets.US_ASCII));
            chunk.write('\r');
            chunk.write('\n');
            chunk.write(data);
            chunk.write('\r');
            chunk.write('\n');
            send(chunk.toByteArray());
        }

        void closeConnection() throws Exception {
            socket().close();
        }

        @Override
        public void close() throws IOException {
            serverSocket.close();
            Socket socket = accepted.getNow(null);
            if (socket != null) {
                socket.close();
            }
        }

        private static String readRequestHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("request head incomplete: " + head.toString(StandardCharsets.ISO_8859_1));
                }
                head.write(b);
                byte[] bytes = head.toByteArray();
                int n = bytes.length;
                if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
        }
    }
}
