package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stream as a client sees it on the wire: headers, framing, ids, fan-out, filters and heartbeats. */
@Timeout(60)
class EventStreamIT extends LiveServerTest {


    @Test
    void connect_answersStreamHeaders_andFlushesFirstLineBeforeAnyEvent() {
        TestServer server = server(TestServer.builder());

        RawSseClient client = connect(server, "/api/events");

        assertThat(client.status()).isEqualTo(200);
        assertThat(client.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(client.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(client.header("X-Accel-Buffering")).isEqualTo("no");
        assertThat(client.header("Content-Length")).isNull();
        assertThat(client.header("Connection")).isNotEqualToIgnoringCase("close");
        assertThat(client.nextComment(WAIT)).isEqualTo("connected");
        assertThat(client.rawBody()).startsWith("retry: ");
        assertThat(client.lastRetry()).isBetween(2_000L, 5_000L);
        assertThat(client.events()).isEmpty();
    }

    @Test
    void event_isWrittenAsIdEventAndData_withJsonEnvelope() throws Exception {
        TestServer server = server(TestServer.builder());
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        Event published = server.publish(new NewEvent(new EventType("agent.state"),
                new ProjectId("proj-1"), new AgentId("agent-7"), "{\"state\":\"processing\",\"n\":3}", null));

        SseEvent received = client.nextEvent(WAIT);
        assertThat(received.id()).isEqualTo(published.id().toString());
        assertThat(received.event()).isEqualTo("agent.state");
        JsonNode envelope = mapper.readTree(received.data());
        assertThat(envelope.get("id").asText()).isEqualTo(published.id().toString());
        assertThat(envelope.get("type").asText()).isEqualTo("agent.state");
        assertThat(envelope.get("project_id").asText()).isEqualTo("proj-1");
        assertThat(envelope.get("agent_id").asText()).isEqualTo("agent-7");
        assertThat(envelope.get("timestamp").asText()).isEqualTo(published.timestamp().toString());
        assertThat(envelope.get("data")).isEqualTo(mapper.readTree("{\"state\":\"processing\",\"n\":3}"));
        assertThat(client.rawBody()).contains("id: " + published.id() + "\nevent: agent.state\ndata: {");
    }

    @Test
    void absentProjectAndAgent_areJsonNull() throws Exception {
        TestServer server = server(TestServer.builder());
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        server.publish("ping", "{}");

        JsonNode envelope = mapper.readTree(client.nextEvent(WAIT).data());
        assertThat(envelope.get("project_id").isNull()).isTrue();
        assertThat(envelope.get("agent_id").isNull()).isTrue();
    }

    @Test
    void payloadLineBreaks_becomeDataLines_andCannotInjectFieldsOrEvents() {
        TestServer server = server(TestServer.builder());
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        Event hostile = server.publish("note", "{\"a\":1}\n\nid: 999-0\nevent: evil\r\ndata: x\r\rretry: 1");
        Event next = server.publish("note", "{\"b\":2}");

        List<SseEvent> events = client.awaitEvents(2, WAIT);
        assertThat(events).extracting(SseEvent::id).containsExactly(hostile.id().toString(), next.id().toString());
        assertThat(events).extracting(SseEvent::event).containsExactly("note", "note");
        assertThat(events.get(0).data()).contains("{\"a\":1}\n\nid: 999-0\nevent: evil\ndata: x\n\nretry: 1}");
        assertThat(client.lastRetry()).isNotEqualTo(1L);
        assertThat(client.rawBody()).contains("data: id: 999-0\ndata: event: evil\ndata: data: x\ndata: \ndata: retry: 1}\n\n");
    }

    @Test
    void burstOnABusyConnection_isHeldForTheCoalescingWindow_andArrivesWholeAndInOrder() {
        TestServer server = server(TestServer.builder().coalesceWindow(Duration.ofMillis(20)));
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);
        List<String> ids = new ArrayList<>();

        // the first event finds the connection quiet and is written at once; the burst after it waits its window
        for (int i = 0; i < 300; i++) {
            ids.add(server.publish("burst", "{\"n\":" + i + "}").id().toString());
        }

        assertThat(client.awaitEvents(300, WAIT)).extracting(SseEvent::id).containsExactlyElementsOf(ids);
    }

    @Test
    void ids_increaseStrictly() {
        TestServer server = server(TestServer.builder());
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        for (int i = 0; i < 200; i++) {
            server.publish("tick", "{\"i\":" + i + "}");
        }

        List<SseEvent> events = client.awaitEvents(200, WAIT);
        for (int i = 1; i < events.size(); i++) {
            assertThat(EventId.parse(events.get(i).id())).isGreaterThan(EventId.parse(events.get(i - 1).id()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 200})
    void broadcast_reachesEveryClientWithinOneSecond_asIdenticalBytes(int clients) {
        TestServer server = server(TestServer.builder().maxConnections(clients));
        List<RawSseClient> connected = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connected.add(connect(server, "/api/events"));
        }
        await().atMost(WAIT).until(() -> server.clients() == clients);

        Event event = server.publish("fleet.update", "{\"agents\":12}");

        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        String firstFrame = null;
        for (RawSseClient client : connected) {
            SseEvent received = client.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(received.id()).isEqualTo(event.id().toString());
            String raw = client.rawBody();
            String frame = raw.substring(raw.indexOf("id: "));
            if (firstFrame == null) {
                firstFrame = frame;
            }
            assertThat(frame).isEqualTo(firstFrame);
        }
    }

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

    @Test
    void quietConnection_getsHeartbeats_andIsNeverEvictedForBeingQuiet() {
        TestServer server = server(TestServer.builder().heartbeat(Duration.ofMillis(200))
                .staleTimeout(Duration.ofMillis(600)));
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        await().atMost(WAIT).until(() -> client.comments().stream().filter("heartbeat"::equals).count() >= 8);

        assertThat(server.clients()).isEqualTo(1);
        assertThat(server.clientsEvicted()).isZero();
        assertThat(server.heartbeatsSent()).isGreaterThanOrEqualTo(8);
        assertThat(client.isEndOfStream()).isFalse();
    }

    @Test
    void events_resetTheHeartbeatClock() {
        TestServer server = server(TestServer.builder().heartbeat(Duration.ofMillis(300)));
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        // an event every 100 ms for 1.5 s keeps the connection busy: no heartbeat is due
        long end = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
        int sent = 0;
        while (System.nanoTime() < end) {
            server.publish("busy", "{}");
            sent++;
            client.nextEvent(WAIT);
            long next = System.nanoTime() + Duration.ofMillis(100).toNanos();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> System.nanoTime() >= next);
        }
        assertThat(client.comments()).doesNotContain("heartbeat");

        // once quiet, heartbeats come
        assertThat(client.nextComment(WAIT)).isEqualTo("heartbeat");
    }
}
