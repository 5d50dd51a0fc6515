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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stream as a client sees it on the wire: headers, framing, the event envelope, ids, coalescing and fan-out. */
class StreamFormatIT extends LiveServerTest {

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
    void http10Client_getsAnUnchunkedStream() throws Exception {
        TestServer server = server(TestServer.builder());
        RawSseClient client = closedAfterTest(RawSseClient.builder(server.port(), "/api/events").http10().timeout(WAIT)
                .connect());
        client.nextComment(WAIT);

        String id = server.publish("old", "{\"v\":1}").id().toString();

        assertThat(client.chunked()).isFalse();
        assertThat(client.nextEvent(WAIT).id()).isEqualTo(id);
        server.shutdownGracefully(WAIT);
        assertThat(client.nextEvent(WAIT).event()).isEqualTo("shutdown");
        assertThat(client.awaitEndOfStream(WAIT)).isTrue();
    }
}
