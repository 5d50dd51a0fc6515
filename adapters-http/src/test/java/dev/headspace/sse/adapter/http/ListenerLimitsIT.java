package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.config.HttpLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections that do not become streams cost little and go away: the no-request and request-parse timeouts, the
 * bounds on the request head, the per-address cap (streams and silent sockets together), the socket cap, and the
 * client address behind a trusted proxy. Raw sockets throughout, since well-behaved clients never do any of this.
 */
class ListenerLimitsIT extends LiveServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTrickling() {
        trickle.shutdownNow();
    }

    private static HttpLimits limits(Duration parse, Duration noRequest, int header, int url, int perAddress,
                                     int sockets, String... proxies) {
        return new HttpLimits(parse, noRequest, header, url, perAddress, sockets, List.of(proxies));
    }

    private static HttpLimits shipped() {
        return HttpLimits.defaults();
    }

    private Socket silentSocket(TestServer server) throws IOException {
        Socket socket = closedAfterTest(new Socket("127.0.0.1", server.port()));
        socket.setSoTimeout((int) WAIT.toMillis() * 2);
        return socket;
    }

    /**
     * What the server sends until it closes, or until the answer is whole by its Content-Length (the server closes a
     * refused connection once the client has, as a client that read its answer does), or until nothing arrives for
     * the socket's timeout.
     */
    private static String readAll(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; !whole(received.toString(StandardCharsets.ISO_8859_1)) && (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // a reset after the answer (or instead of one) ends the read like a close
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean whole(String response) {
        int headEnd = response.indexOf("\r\n\r\n");
        Matcher length = Pattern.compile("(?i)\r\nContent-Length: *(\\d+)\r\n").matcher(response);
        return headEnd >= 0 && length.find() && length.start() < headEnd
                && response.length() >= headEnd + 4 + Integer.parseInt(length.group(1));
    }

    /** Sends the request on a new socket and returns everything the server answers before it closes. */
    private String exchange(TestServer server, String request) throws IOException {
        Socket socket = silentSocket(server);
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (SocketException closedWhileSending) {
            // the server may close before it has read everything; what it answered is still to be read
        }
        return readAll(socket);
    }

    private static String get(String target, String... headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + String.join("", headers)
                + "\r\n";
    }

    private JsonNode body(String response) throws IOException {
        return mapper.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void socketThatNeverSpeaks_isClosedAtTheNoRequestTimeout_andItsSlotFreed() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(
                limits(Duration.ofSeconds(5), Duration.ofMillis(700), 16384, 8192, 10, 0)));
        Socket silent = silentSocket(server);
        await().atMost(WAIT).until(() -> server.openConnections(LOOPBACK) == 1);
        long opened = System.nanoTime();

        assertThat(silent.getInputStream().read()).as("closed without an answer").isEqualTo(-1);

        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isBetween(Duration.ofMillis(400), WAIT);
        await().atMost(WAIT).until(() -> server.openConnections(LOOPBACK) == 0);
    }

    @Test
    void headersTrickledALineAtATime_areCutAtTheRequestParseTimeout() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(
                limits(Duration.ofMillis(800), Duration.ofSeconds(30), 16384, 8192, 10, 0)));
        Socket slowloris = silentSocket(server);
        OutputStream out = slowloris.getOutputStream();
        out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
        long started = System.nanoTime();
        // one header line every 100 ms, never the blank line that ends the head
        trickle.scheduleAtFixedRate(() -> {
            try {
                out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                throw new IllegalStateException("closed", closed);
            }
        }, 100, 100, TimeUnit.MILLISECONDS);

        assertThat(readAll(slowloris)).as("closed without an answer").isEmpty();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(500), WAIT);
    }

    @Test
    void openStream_isNotCutByEitherTimeout() {
        TestServer server = server(TestServer.builder().heartbeat(Duration.ofMillis(200)).httpLimits(
                limits(Duration.ofMillis(300), Duration.ofMillis(300), 16384, 8192, 10, 0)));
        RawSseClient stream = connect(server, "/api/events");
        stream.nextComment(WAIT);

        // eight heartbeats: the stream has lived some five times each timeout
        await().atMost(WAIT).until(() -> stream.comments().stream().filter("heartbeat"::equals).count() >= 8);
        String id = server.publish("still.here", "{}").id().toString();

        assertThat(stream.nextEvent(WAIT).id()).isEqualTo(id);
        assertThat(server.clients()).isEqualTo(1);
    }

    @Test
    void targetPastTheUrlBound_gets414NamingTheSetting() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(shipped()));

        String response = exchange(server, get("/api/events?types=" + "a".repeat(8 * 1024)));

        assertThat(response).startsWith("HTTP/1.1 414 ");
        assertThat(body(response).get("error").asText()).isEqualTo("uri_too_long");
        assertThat(body(response).get("message").asText()).contains("HEADSPACE_HTTP_MAX_URL_SIZE");
        assertThat(server.clients()).isZero();
    }

    @Test
    void headPastTheHeaderBound_gets431NamingTheSetting() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(shipped()));

        String response = exchange(server, get("/api/events", "Cookie: c=" + "x".repeat(20 * 1024) + "\r\n"));

        assertThat(response).startsWith("HTTP/1.1 431 ");
        assertThat(body(response).get("error").asText()).isEqualTo("request_header_fields_too_large");
        assertThat(body(response).get("message").asText()).contains("HEADSPACE_HTTP_MAX_HEADER_SIZE");
        assertThat(server.clients()).isZero();
    }

    @Test
    void headJustUnderTheBounds_isServed() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(shipped()));

        String response = exchange(server, get("/health?x=" + "a".repeat(7 * 1024), "X-Big: " + "y".repeat(7 * 1024)
                + "\r\n"));

        assertThat(response).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void headFarPastTheBound_64KiB_getsUndertowsBare400AndIsClosed() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(shipped()));

        String response = exchange(server, get("/health", "X-Huge: " + "z".repeat(64 * 1024) + "\r\n"));

        // past its own ceiling Undertow stops parsing and answers this itself, before any handler could say why
        assertThat(response).isEqualTo("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(exchange(server, get("/health"))).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void moreThanUndertowsHeaderOrParameterCounts_getItsBare400() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(shipped()));
        String bare400 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

        assertThat(exchange(server, get("/health?" + "a=1&".repeat(1_001)))).isEqualTo(bare400);
        assertThat(exchange(server, get("/health", "X-h: 1\r\n".repeat(201)))).isEqualTo(bare400);
        assertThat(exchange(server, get("/health", "X-Bad: a\u0001b\r\n"))).isEqualTo(bare400);
        assertThat(exchange(server, get("/health?" + "a=1&".repeat(999)))).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void connectionsPastThePerAddressCap_get503WithRetryAfter_silentSocketsAndStreamsCountedTogether()
            throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(
                limits(Duration.ofSeconds(5), Duration.ofSeconds(3), 16384, 8192, 3, 0)));
        RawSseClient stream = connect(server, "/api/events");
        stream.nextComment(WAIT);
        Socket first = silentSocket(server);
        silentSocket(server);
        await().atMost(WAIT).until(() -> server.openConnections(LOOPBACK) == 3);

        String refused = exchange(server, get("/health"));

        assertThat(refused).startsWith("HTTP/1.1 503 ").contains("Retry-After: 3\r\n").contains("Connection: close");
        JsonNode answer = body(refused);
        assertThat(answer.get("error").asText()).isEqualTo("too_many_connections");
        assertThat(answer.get("message").asText()).contains("HEADSPACE_HTTP_MAX_CONNECTIONS_PER_ADDRESS");
        assertThat(answer.get("retry_after_seconds").asLong()).isEqualTo(3);
        assertThat(server.openConnections(LOOPBACK)).isEqualTo(3);

        first.close();
        await().atMost(WAIT).until(() -> server.openConnections(LOOPBACK) == 2);
        assertThat(exchange(server, get("/health"))).startsWith("HTTP/1.1 200 ");
        assertThat(stream.isEndOfStream()).as("the open stream is untouched").isFalse();
    }

    @Test
    void streamsThatEnd_giveTheirSlotsBack_soTheAddressCanOpenAsManyAgain() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(
                limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 16384, 8192, 3, 0)));
        for (int round = 0; round < 3; round++) {
            List<RawSseClient> streams = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawSseClient stream = connect(server, "/api/events");
                assertThat(stream.status()).as("round %d, stream %d", round, i).isEqualTo(200);
                stream.nextComment(WAIT);
                streams.add(stream);
            }
            assertThat(server.openConnections(LOOPBACK)).isEqualTo(3);

            streams.forEach(RawSseClient::close);

            await().atMost(WAIT).until(() -> server.clients() == 0);
            await().atMost(WAIT).until(() -> server.openConnections(LOOPBACK) == 0);
        }
    }

    @Test
    void manyStreamsLeavingAtOnce_allCloseAndGiveTheirSlotsBack() throws Exception {
        // closes of a burst are batched off the IO threads (DeferredCloses): every one must still happen
        int count = 300;
        TestServer server = server(TestServer.builder().maxConnections(count).httpLimits(
                limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 16384, 8192, count, 0)));
        List<RawSseClient> streams = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            streams.add(connect(server, "/api/events"));
        }
        for (RawSseClient stream : streams) {
            stream.nextComment(WAIT);
        }
        assertThat(server.openConnections(LOOPBACK)).isEqualTo(count);

        streams.forEach(RawSseClient::close);

        await().atMost(WAIT).until(() -> server.clients() == 0);
        await().atMost(WAIT).until(() -> server.openConnections(LOOPBACK) == 0);
        RawSseClient again = connect(server, "/api/events");
        assertThat(again.status()).isEqualTo(200);
    }

    @Test
    void refusalsOfOneAddress_logOneLine_notOnePerConnection() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(
                limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 16384, 8192, 1, 0)));
        silentSocket(server);
        await().atMost(WAIT).until(() -> server.openConnections(LOOPBACK) == 1);
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 20; i++) {
                assertThat(exchange(server, get("/health"))).startsWith("HTTP/1.1 503 ");
            }

            assertThat(log.problems()).hasSize(1).first().asString()
                    .contains("refused 127.0.0.1").contains("HEADSPACE_HTTP_MAX_CONNECTIONS_PER_ADDRESS");
        }
    }

    @Test
    void atTheSocketCap_newConnectionsWait_untilOneCloses() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(
                limits(Duration.ofSeconds(10), Duration.ofSeconds(10), 16384, 8192, 100, 4)));
        Socket first = silentSocket(server);
        for (int i = 0; i < 3; i++) {
            silentSocket(server);
        }
        await().atMost(WAIT).until(() -> server.openConnections(LOOPBACK) == 4);
        Socket waiting = silentSocket(server);
        waiting.getOutputStream().write(get("/health").getBytes(StandardCharsets.US_ASCII));
        waiting.setSoTimeout(700);
        boolean answered;
        try {
            answered = waiting.getInputStream().read() >= 0;
        } catch (SocketTimeoutException notServed) {
            answered = false;
        }
        assertThat(answered).as("the fifth connection is not served while four are open").isFalse();
        assertThat(server.openConnections(LOOPBACK)).isEqualTo(4);

        first.close();

        waiting.setSoTimeout((int) WAIT.toMillis());
        assertThat(readAll(waiting)).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void behindATrustedProxy_theForwardedClientIsCapped_notTheProxy() throws Exception {
        TestServer server = server(TestServer.builder().httpLimits(
                limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 16384, 8192, 2, 0, "127.0.0.1")));
        Map<String, String> alice = Map.of("X-Forwarded-For", "203.0.113.7, 127.0.0.1");
        connect(server, "/api/events", alice).nextComment(WAIT);
        connect(server, "/api/events", alice).nextComment(WAIT);
        for (int i = 0; i < 4; i++) {
            silentSocket(server); // the proxy's own connections are not capped
        }

        RawSseClient third = connect(server, "/api/events", alice);
        RawSseClient bob = connect(server, "/api/events", Map.of("X-Forwarded-For", "203.0.113.8"));

        assertThat(third.status()).isEqualTo(503);
        assertThat(third.header("Retry-After")).isEqualTo("5");
        assertThat(mapper.readTree(third.body(WAIT)).get("error").asText()).isEqualTo("too_many_connections");
        assertThat(bob.status()).isEqualTo(200);
        assertThat(server.openConnections(InetAddress.getByName("203.0.113.7"))).isEqualTo(2);
        assertThat(server.openConnections(LOOPBACK)).isZero();
    }

    @Test
    void withoutTrustedProxies_xForwardedForIsIgnored() {
        TestServer server = server(TestServer.builder().httpLimits(
                limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 16384, 8192, 2, 0)));
        connect(server, "/api/events", Map.of("X-Forwarded-For", "203.0.113.1")).nextComment(WAIT);
        connect(server, "/api/events", Map.of("X-Forwarded-For", "203.0.113.2")).nextComment(WAIT);

        RawSseClient third = connect(server, "/api/events", Map.of("X-Forwarded-For", "203.0.113.3"));

        assertThat(third.status()).isEqualTo(503);
        assertThat(server.openConnections(LOOPBACK)).isEqualTo(2);
    }
}
