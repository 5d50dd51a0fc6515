package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.domain.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connection limit: 503 with Retry-After past it, exact counting under concurrent connects, and slots freed at once. */
class ConnectionLimitIT extends LiveServerTest {

    @Test
    void connectionPastTheLimit_gets503WithRetryAfterAndJson() throws Exception {
        TestServer server = server(TestServer.builder().maxConnections(2).retryAfter(Duration.ofSeconds(7)));
        connect(server, "/api/events").nextComment(WAIT);
        connect(server, "/api/events").nextComment(WAIT);

        RawSseClient refused = connect(server, "/api/events");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("7");
        JsonNode body = mapper.readTree(refused.body(WAIT));
        assertThat(body.get("error").asText()).isEqualTo("at_capacity");
        assertThat(body.get("message").asText()).contains("limit of 2");
        assertThat(server.clients()).isEqualTo(2);
    }

    @Test
    void concurrentConnects_countExactlyAgainstTheLimit() throws Exception {
        int limit = 10;
        int attempts = 30;
        TestServer server = server(TestServer.builder().maxConnections(limit));
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RawSseClient>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return connect(server, "/api/events");
            }));
        }
        start.countDown();
        int accepted = 0;
        int refused = 0;
        for (Future<RawSseClient> result : results) {
            int status = result.get(30, TimeUnit.SECONDS).status();
            if (status == 200) {
                accepted++;
            } else if (status == 503) {
                refused++;
            }
        }
        pool.shutdownNow();

        assertThat(accepted).isEqualTo(limit);
        assertThat(refused).isEqualTo(attempts - limit);
        assertThat(server.clients()).isEqualTo(limit);
        assertThat(server.clients()).isEqualTo(limit);
    }

    @Test
    void closedSocket_freesItsSlotWithinOneSecond_notAtTheNextHeartbeat() {
        TestServer server = server(TestServer.builder().maxConnections(1).heartbeat(Duration.ofSeconds(30)));
        RawSseClient tab = connect(server, "/api/events");
        tab.nextComment(WAIT);

        tab.close();

        await().atMost(Duration.ofSeconds(1)).until(() -> server.clients() == 0);
        assertThat(server.disconnects(CloseReason.CLIENT_GONE)).isEqualTo(1);
        RawSseClient next = connect(server, "/api/events");
        assertThat(next.status()).isEqualTo(200);
    }
}
