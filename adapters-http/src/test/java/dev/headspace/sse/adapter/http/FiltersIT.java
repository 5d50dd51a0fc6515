package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stream filters: which events each filter lets through, and the 400 that names a bad parameter and its rule. */
class FiltersIT extends LiveServerTest {

    @Test
    void filters_deliverOnlyMatchingEvents_orInsideAndAcross() {
        TestServer server = server(TestServer.builder());
        RawSseClient byType = connect(server, "/api/events?types=a,b");
        RawSseClient repeated = connect(server, "/api/events?types=a&types=c");
        RawSseClient byProjectAndAgent = connect(server, "/api/events?project_id=p1&agent_id=x,y");
        await().atMost(WAIT).until(() -> server.clients() == 3);

        List<String> published = new ArrayList<>();
        published.add(publish(server, "a", "p1", "x"));
        published.add(publish(server, "b", "p2", "x"));
        published.add(publish(server, "c", "p1", "z"));
        published.add(publish(server, "d", "p1", "y"));
        published.add(publish(server, "a", null, null));

        assertThat(byType.awaitEvents(3, WAIT)).extracting(SseEvent::id)
                .containsExactly(published.get(0), published.get(1), published.get(4));
        assertThat(repeated.awaitEvents(3, WAIT)).extracting(SseEvent::id)
                .containsExactly(published.get(0), published.get(2), published.get(4));
        assertThat(byProjectAndAgent.awaitEvents(2, WAIT)).extracting(SseEvent::id)
                .containsExactly(published.get(0), published.get(3));
        // one more event everyone matches proves nothing else was in flight
        String last = publish(server, "a", "p1", "x");
        assertThat(byType.nextEvent(WAIT).id()).isEqualTo(last);
        assertThat(repeated.nextEvent(WAIT).id()).isEqualTo(last);
        assertThat(byProjectAndAgent.nextEvent(WAIT).id()).isEqualTo(last);
    }

    private static String publish(TestServer server, String type, String project, String agent) {
        return server.publish(new NewEvent(new EventType(type),
                project == null ? null : new ProjectId(project), agent == null ? null : new AgentId(agent),
                "{}", null)).id().toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "types=a,,b|types|must not contain an empty item",
            "types=a,|types|must not contain an empty item",
            "project_id=|project_id|must not contain an empty item",
            "agent_id=has%20space|agent_id|items must use only [A-Za-z0-9_.:-]",
            "types=a/b|types|items must use only [A-Za-z0-9_.:-]",
            "project_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|project_id|items must be at most 64 characters"})
    void badFilter_gets400NamingTheParameterAndRule(String testCase) throws Exception {
        String[] parts = testCase.split("\\|");
        TestServer server = server(TestServer.builder());

        RawSseClient client = connect(server, "/api/events?" + parts[0]);

        assertThat(client.status()).isEqualTo(400);
        assertThat(client.header("Content-Type")).startsWith("application/json");
        JsonNode body = mapper.readTree(client.body(WAIT));
        assertThat(body.get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(body.get("parameter").asText()).isEqualTo(parts[1]);
        assertThat(body.get("rule").asText()).startsWith(parts[2]);
        assertThat(body.get("message").asText()).contains(parts[1]);
        assertThat(server.clients()).isZero();
    }

    @Test
    void moreThanHundredFilterValues_gets400() throws Exception {
        TestServer server = server(TestServer.builder());
        StringBuilder query = new StringBuilder("types=t0");
        for (int i = 1; i <= 100; i++) {
            query.append(",t").append(i);
        }

        RawSseClient client = connect(server, "/api/events?" + query);

        assertThat(client.status()).isEqualTo(400);
        JsonNode body = mapper.readTree(client.body(WAIT));
        assertThat(body.get("parameter").asText()).isEqualTo("types");
        assertThat(body.get("rule").asText()).isEqualTo("must list at most 100 values");
    }
}
