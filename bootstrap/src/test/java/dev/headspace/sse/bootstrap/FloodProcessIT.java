package dev.headspace.sse.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.domain.EventId;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10's floods at small counts against the shipped jar at its default timeouts and caps (the full counts are in
 * {@code benchmarks/flood.sh}): silent sockets and slowloris requests are all gone within the timeouts, one address
 * past its cap gets 503, subscribe attempts past the stream limit get 503, and an open stream loses nothing.
 */
@Timeout(120)
class FloodProcessIT {

    /** Below the shipped default (256), so that a few sockets show the cap at work. */
    private static final int PER_ADDRESS = 64;

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOKEN = "flood-test-token-0123456";
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ShippedJar jar = new ShippedJar();
    private Process process;

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        jar.close();
    }

    private int start(Path log) throws IOException {
        int port = ShippedJar.freePort();
        process = jar.start(Map.of("HEADSPACE_HTTP_PORT", Integer.toString(port),
                "HEADSPACE_PUBLISH_TOKEN", TOKEN, "HEADSPACE_SSE_MAX_CONNECTIONS", "5",
                "HEADSPACE_HTTP_MAX_CONNECTIONS_PER_ADDRESS", Integer.toString(PER_ADDRESS)), log);
        await().atMost(WAIT).ignoreExceptions().until(() -> PublishClient.get(port, "/health").status() == 200);
        return port;
    }

    private Socket socketFrom(String address, int port) throws IOException {
        Socket socket = new Socket();
        open.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Reads until the server closes; returns the first bytes it sent, "" for none. */
    private static String untilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] first = new byte[12];
        int got = 0;
        try {
            for (int n; (n = in.read(first, got, first.length - got)) >= 0; ) {
                got += n;
                if (got == first.length) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    break;
                }
            }
        } catch (SocketException reset) {
            // closed by a reset: as good as a close
        }
        return new String(first, 0, got, StandardCharsets.US_ASCII);
    }

    @Test
    void silentSocketsSlowlorisAndSubscribeAttempts_areShedWithinTheDefaults_andAnOpenStreamLosesNothing()
            throws Exception {
        Path log = Files.createTempFile("headspace-flood", ".log");
        int port = start(log);
        RawSseClient witness = RawSseClient.connect(port, "/api/events?types=witness", Map.of(), WAIT);
        open.add(witness);
        witness.nextComment(WAIT);
        long started = System.nanoTime();

        List<Socket> spread = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            spread.add(socketFrom("127.0.5." + (1 + i % 10), port));
        }
        List<Socket> oneAddress = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            oneAddress.add(socketFrom("127.0.6.1", port));
        }
        List<Socket> slowloris = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket socket = socketFrom("127.0.7." + (1 + i % 4), port);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            slowloris.add(socket);
        }
        List<EventId> published = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RawSseClient stream = RawSseClient.connect(port, "/api/events?types=other", Map.of(), WAIT);
            open.add(stream);
        }
        int refusedSubscribes = 0;
        for (int i = 0; i < 50; i++) {
            try (RawSseClient attempt = RawSseClient.connect(port, "/api/events", Map.of(), WAIT)) {
                refusedSubscribes += attempt.status() == 503 ? 1 : 0;
            }
            if (i % 10 == 0) {
                published.add(PublishClient.publish(port, TOKEN, "{\"type\":\"witness\",\"data\":{\"i\":" + i + "}}"));
            }
        }

        int answered503 = 0;
        for (Socket socket : oneAddress) {
            answered503 += untilClosed(socket).startsWith("HTTP/1.1 503") ? 1 : 0;
        }
        for (Socket socket : spread) {
            assertThat(untilClosed(socket)).as("a silent socket is closed without an answer").isEmpty();
        }
        for (Socket socket : slowloris) {
            assertThat(untilClosed(socket)).as("a slowloris request is cut without an answer").isEmpty();
        }
        Duration allGone = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answered503).as("one address past its cap").isEqualTo(80 - PER_ADDRESS);
        assertThat(refusedSubscribes).as("every attempt past the 5 streams").isEqualTo(50);
        assertThat(allGone).as("default timeouts are 5 s").isLessThan(Duration.ofSeconds(9));
        List<SseEvent> received = witness.awaitEvents(published.size(), WAIT);
        assertThat(received).extracting(event -> EventId.parse(event.id())).containsExactlyElementsOf(published);
        assertThat(Files.readString(log)).contains("open sockets capped at").contains("file descriptor limit")
                .doesNotContain("ERROR");
        assertThat(Files.readAllLines(log).stream().filter(line -> line.contains("refused 127.0.6.1"))).hasSize(1);
    }
}
