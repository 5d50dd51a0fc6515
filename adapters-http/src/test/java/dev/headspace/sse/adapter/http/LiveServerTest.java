package dev.headspace.sse.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** What the integration tests share: servers and raw clients that are closed after each test, newest first. */
abstract class LiveServerTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String PUBLISH_TOKEN = "publish-token-for-tests-0001";
    final ObjectMapper mapper = new ObjectMapper();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    TestServer server(TestServer.Builder builder) {
        TestServer server = builder.start();
        open.add(0, server);
        return server;
    }

    /** A client reading the stream at {@code path}; closed after the test. */
    RawSseClient connect(TestServer server, String path) {
        return connect(server, path, Map.of());
    }

    RawSseClient connect(TestServer server, String path, Map<String, String> headers) {
        try {
            return closedAfterTest(RawSseClient.connect(server.port(), path, headers, WAIT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client coming back to the stream at {@code path} with {@code Last-Event-ID}; closed after the test. */
    RawSseClient resume(TestServer server, String path, String lastEventId) {
        return connect(server, path, Map.of("Last-Event-ID", lastEventId));
    }

    /** A client of {@code /api/events} that reads nothing after the response head, with a small receive buffer. */
    RawSseClient connectWithoutReading(TestServer server) throws IOException {
        return closedAfterTest(RawSseClient.connectWithoutReading(server.port(), "/api/events", Map.of(), WAIT));
    }

    <T extends AutoCloseable> T closedAfterTest(T closeable) {
        open.add(closeable);
        return closeable;
    }
}
