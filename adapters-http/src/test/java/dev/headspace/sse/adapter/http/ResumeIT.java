package dev.headspace.sse.adapter.http;

import static dev.headspace.sse.adapter.http.testing.TestEvents.blob;
import static dev.headspace.sse.adapter.http.testing.TestEvents.ids;
import static dev.headspace.sse.adapter.http.testing.TestEvents.idsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost across a reconnect: replay from Last-Event-ID (header or parameter), the resync notice when a replay
 * cannot be given, jittered retry, and a slow consumer catching up from the log.
 */
class ResumeIT extends LiveServerTest {

    @Test
    void clientDroppedMidStream_reconnectsWithTheLastIdItSaw_andGetsEachOf1000EventsOnce_inOrder() {
        TestServer server = server(TestServer.builder());
        RawSseClient first = connect(server, "/api/events");
        first.nextComment(WAIT);
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            published.add(server.publish("tick", "{\"n\":" + i + "}"));
        }
        first.awaitEvents(100, WAIT);

        // the tab goes away somewhere in the middle of the stream; publishing goes on
        first.close();
        await().atMost(WAIT).until(() -> server.clients() == 0);
        for (int i = 300; i < 1_000; i++) {
            published.add(server.publish("tick", "{\"n\":" + i + "}"));
        }
        String lastSeen = first.lastEventId();
        List<SseEvent> before = first.events();
        RawSseClient second = resume(server, "/api/events", lastSeen);
        int missed = published.size() - before.size();
        List<SseEvent> after = second.awaitEvents(missed, WAIT);
        Event live = server.publish("tick", "{\"n\":1000}");
        published.add(live);

        List<String> received = new ArrayList<>(idsOf(before));
        received.addAll(idsOf(after));
        received.add(second.nextEvent(WAIT).id());
        assertThat(received).isEqualTo(ids(published));
        assertThat(second.events()).extracting(SseEvent::event).doesNotContain("resync");
        assertThat(server.replays()).isEqualTo(1);
        assertThat(server.eventsReplayed()).isEqualTo(missed);
    }

    @Test
    void lastEventIdParameter_resumesToo_butTheHeaderWins() {
        TestServer server = server(TestServer.builder());
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(server.publish("tick", "{}"));
        }

        RawSseClient byParameter = connect(server, "/api/events?last_event_id=" + published.get(1).id());
        // a browser reconnecting by itself keeps the URL it opened with and sends the newer id in the header
        RawSseClient byHeader = connect(server, "/api/events?last_event_id=" + published.get(1).id(),
                Map.of("Last-Event-ID", published.get(3).id().toString()));

        assertThat(idsOf(byParameter.awaitEvents(3, WAIT))).isEqualTo(ids(published.subList(2, 5)));
        assertThat(idsOf(byHeader.awaitEvents(1, WAIT))).isEqualTo(ids(published.subList(4, 5)));
        String live = server.publish("tick", "{}").id().toString();
        assertThat(byParameter.nextEvent(WAIT).id()).isEqualTo(live);
        assertThat(byHeader.nextEvent(WAIT).id()).isEqualTo(live);
    }

    @Test
    void replay_followsTheFilterOfTheNewConnection() {
        TestServer server = server(TestServer.builder());
        String start = server.publish("other", "{}").id().toString();
        server.publish("other", "{}");
        Event wanted = server.publish("wanted", "{}");

        RawSseClient client = resume(server, "/api/events?types=wanted", start);

        assertThat(client.nextEvent(WAIT).id()).isEqualTo(wanted.id().toString());
    }

    @Test
    void malformedLastEventId_getsAResyncBeforeLiveEvents_andItsIdIsTheResumePoint() throws Exception {
        TestServer server = server(TestServer.builder());
        String oldest = server.publish("tick", "{}").id().toString();
        String newest = server.publish("tick", "{}").id().toString();

        RawSseClient client = resume(server, "/api/events", "not-an-id\"\\");
        SseEvent resync = client.nextEvent(WAIT);
        String live = server.publish("tick", "{}").id().toString();

        assertThat(resync.event()).isEqualTo("resync");
        assertThat(resync.id()).isEqualTo(newest);
        JsonNode data = mapper.readTree(resync.data());
        assertThat(data.get("reason").asText()).isEqualTo("malformed_id");
        assertThat(data.get("last_event_id").asText()).isEqualTo("not-an-id\"\\");
        assertThat(data.get("oldest_id").asText()).isEqualTo(oldest);
        assertThat(data.get("resume_from").asText()).isEqualTo(newest);
        assertThat(data.get("message").asText()).contains("reload");
        assertThat(client.nextEvent(WAIT).id()).isEqualTo(live);
        assertThat(client.rawBody()).startsWith("retry: ");
        assertThat(server.resyncsByLabel()).containsEntry("malformed_id", 1L);
    }

    @Test
    void idOlderThanTheLogHolds_getsAResyncNamingTheOldestHeldId() throws Exception {
        TestServer server = server(TestServer.builder().replay(10, 64L << 20, 5));
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            published.add(server.publish("tick", "{}"));
        }

        RawSseClient client = resume(server, "/api/events", published.get(2).id().toString());
        SseEvent resync = client.nextEvent(WAIT);

        assertThat(resync.event()).isEqualTo("resync");
        JsonNode data = mapper.readTree(resync.data());
        assertThat(data.get("reason").asText()).isEqualTo("too_old");
        assertThat(data.get("oldest_id").asText()).isEqualTo(published.get(5).id().toString());
        assertThat(resync.id()).isEqualTo(published.get(14).id().toString());
    }

    @Test
    void replayLongerThanTheLimit_getsAResyncInsteadOfAFlood() throws Exception {
        TestServer server = server(TestServer.builder().replay(1_000, 64L << 20, 5));
        String start = server.publish("tick", "{}").id().toString();
        for (int i = 0; i < 6; i++) {
            server.publish("tick", "{}");
        }

        RawSseClient client = resume(server, "/api/events", start);
        SseEvent resync = client.nextEvent(WAIT);
        String live = server.publish("tick", "{}").id().toString();

        assertThat(mapper.readTree(resync.data()).get("reason").asText()).isEqualTo("replay_too_long");
        assertThat(client.nextEvent(WAIT).id()).isEqualTo(live);
    }

    @Test
    void afterAResync_reconnectingFromItsIdLosesNothing() throws Exception {
        TestServer server = server(TestServer.builder());
        server.publish("tick", "{}");
        RawSseClient told = resume(server, "/api/events", "99999999999999-0");
        SseEvent resync = told.nextEvent(WAIT);
        assertThat(resync.event()).isEqualTo("resync");
        // an id from the future was never issued here: the server says so, rather than calling it too old
        assertThat(mapper.readTree(resync.data()).get("reason").asText()).isEqualTo("unknown_id");
        told.close();
        await().atMost(WAIT).until(() -> server.clients() == 0);

        Event missed = server.publish("tick", "{}");
        RawSseClient back = resume(server, "/api/events", told.lastEventId());

        assertThat(back.nextEvent(WAIT).id()).isEqualTo(missed.id().toString());
    }

    @Test
    void newClient_isToldWhereItStarts_soALossBeforeItsFirstEventLosesNothing() {
        TestServer server = server(TestServer.builder());
        String before = server.publish("tick", "{}").id().toString();
        RawSseClient quiet = connect(server, "/api/events");
        await().atMost(WAIT).until(() -> quiet.lastEventId().equals(before));
        quiet.close();
        await().atMost(WAIT).until(() -> server.clients() == 0);
        Event missed = server.publish("tick", "{}");

        RawSseClient back = resume(server, "/api/events", quiet.lastEventId());

        assertThat(quiet.events()).isEmpty();
        assertThat(back.nextEvent(WAIT).id()).isEqualTo(missed.id().toString());
    }

    @Test
    void retry_isTheBasePlusJitter_differentAcrossClients() {
        TestServer server = server(TestServer.builder());
        Set<Long> retries = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            RawSseClient client = connect(server, "/api/events");
            client.nextComment(WAIT);
            retries.add(client.lastRetry());
            client.close();
        }

        assertThat(retries).allSatisfy(retry -> assertThat(retry).isBetween(2_000L, 5_000L));
        assertThat(retries).hasSizeGreaterThan(1);
    }

    @Test
    void slowConsumer_isDisconnected_thenCatchesUpFromTheLog_losingNothing() throws Exception {
        TestServer server = server(TestServer.builder().clientQueue(64, 1L << 30));
        RawSseClient slow = connectWithoutReading(server);
        await().atMost(WAIT).until(() -> server.clients() == 1);
        String payload = blob('z', 8 * 1024);
        List<Event> published = new ArrayList<>();
        while (server.disconnects(CloseReason.SLOW_CONSUMER) == 0 && published.size() < 400) {
            published.add(server.publish("bulk", payload));
        }
        assertThat(server.disconnects(CloseReason.SLOW_CONSUMER)).isEqualTo(1);
        published.add(server.publish("bulk", payload));

        // it reads what reached it, sees the connection end, and comes back from the last whole event
        slow.resumeReading();
        assertThat(slow.awaitEndOfStream(WAIT)).isTrue();
        List<SseEvent> before = slow.events();
        RawSseClient back = resume(server, "/api/events", slow.lastEventId());
        List<SseEvent> after = back.awaitEvents(published.size() - before.size(), WAIT);

        List<String> received = new ArrayList<>(idsOf(before));
        received.addAll(idsOf(after));
        assertThat(received).isEqualTo(ids(published));
    }
}
