package dev.headspace.sse.adapter.http;

import static dev.headspace.sse.adapter.http.testing.TestEvents.blob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An accepted publish over HTTP is answered once the stream's writers keep up: while many clients cannot take more,
 * a publisher that waits for its answers is paced to them instead of filling every queue; one stuck client is not
 * enough to hold anyone up.
 */
@Timeout(60)
class PublishPacingIT extends LiveServerTest {

    private static final String FILL = blob('p', 64 * 1024);

    private static CompletableFuture<PublishClient.Response> publishOverHttp(TestServer server) {
        return CompletableFuture.supplyAsync(() -> PublishClient.post(server.port(), "/api/events",
                Map.of("Authorization", "Bearer " + PUBLISH_TOKEN, "Content-Type", "application/json"),
                "{\"type\":\"paced\"}"));
    }

    private TestServer serverWithStuckClients(List<RawSseClient> stuck, int count) throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN).clientQueue(1_000_000, 1L << 30)
                .staleTimeout(Duration.ofSeconds(60)).stallTimeout(Duration.ofSeconds(60)));
        for (int i = 0; i < count; i++) {
            stuck.add(connectWithoutReading(server));
        }
        await().atMost(WAIT).until(() -> server.clients() == count);
        return server;
    }

    @Test
    void whileManyClientsCannotTakeMore_theAnswerWaits_andComesOnceTheyRead() throws Exception {
        List<RawSseClient> stuck = new ArrayList<>();
        TestServer server = serverWithStuckClients(stuck, 24);

        // fill their sockets until an answer no longer comes at once
        CompletableFuture<PublishClient.Response> held = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10)).until(() -> {
                    for (int i = 0; i < 4; i++) {
                        server.publish("fill", FILL);
                    }
                    CompletableFuture<PublishClient.Response> answer = publishOverHttp(server);
                    try {
                        answer.get(200, TimeUnit.MILLISECONDS);
                        return null;
                    } catch (TimeoutException notYet) {
                        return answer;
                    }
                }, Objects::nonNull);

        stuck.forEach(RawSseClient::resumeReading);

        PublishClient.Response answer = held.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(server.published()).as("published when accepted; only the answer waited").isPositive();
    }

    @Test
    void oneStuckClient_holdsNoPublisherUp() throws Exception {
        List<RawSseClient> stuck = new ArrayList<>();
        TestServer server = serverWithStuckClients(stuck, 1);
        for (int i = 0; i < 40; i++) {
            server.publish("fill", FILL);
        }
        await().atMost(WAIT).until(() -> server.health().queueHighWater().events() > 10);

        for (int i = 0; i < 5; i++) {
            // held, it would wait a second; answered at once, it comes well within half of one
            assertThat(publishOverHttp(server).get(500, TimeUnit.MILLISECONDS).status()).isEqualTo(202);
        }
    }
}
