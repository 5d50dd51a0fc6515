package dev.headspace.sse.adapter.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checks {@link RawSseClient} end to end against hand-made responses written by a {@link FakeServer}. */
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

            // the stream has ended, so waiting fails at once instead of waiting out its long timeout
            assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertThatThrownBy(
                    () -> client.nextEvent(Duration.ofSeconds(30)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("stream ended (LAST_CHUNK)")
                    .hasMessageContaining("data: incomplete"));
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

    @Test
    void malformedChunking_failsEveryWaitingMethodWithTheCause() throws Exception {
        try (FakeServer server = new FakeServer(SSE_HEAD);
             RawSseClient client = RawSseClient.connect(server.port(), "/events", Map.of(), WAIT)) {
            server.send("5\r\nid: 1\n\r\n".getBytes(StandardCharsets.US_ASCII)); // size one byte short (more: BodyDecoderTest)

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

    @Test
    void aMalformedResponseHeadFailsToConnect() throws Exception {
        // one case end to end; ResponseHeadTest has the rules
        try (FakeServer server = new FakeServer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n")) {
            assertThatThrownBy(() -> RawSseClient.connect(server.port(), "/events", Map.of(), WAIT))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("both Transfer-Encoding");
        }
    }

    @Test
    void aMissingResponseHeadTimesOut() throws Exception {
        try (FakeServer server = new FakeServer(null)) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(
                    () -> RawSseClient.connect(server.port(), "/events", Map.of(), Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("status line"));
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

        private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("byte not found");
    }
}
