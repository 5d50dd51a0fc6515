package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.PublishClient.Response;
import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The publish API over real HTTP: token, content type, size, field rules, batches, and what the stream then carries. */
class PublishApiIT extends LiveServerTest {

    private static final Map<String, String> AUTH_JSON = Map.of("Authorization", "Bearer " + PUBLISH_TOKEN,
            "Content-Type", "application/json");

    private JsonNode json(Response response) throws IOException {
        assertThat(response.header("Content-Type")).startsWith("application/json");
        return mapper.readTree(response.body());
    }

    @Test
    void oneEvent_gets202WithTheIdTheStreamCarries() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));
        RawSseClient client = connect(server, "/api/events", Map.of());
        client.nextComment(WAIT);

        Response response = PublishClient.post(server.port(), "/api/events", AUTH_JSON,
                "{\"type\":\"agent.turn\",\"project_id\":\"p1\",\"agent_id\":\"a1\",\"data\":{\"text\":\"hi\\nthere\"}}");

        assertThat(response.status()).isEqualTo(202);
        String id = json(response).get("id").asText();
        SseEvent event = client.nextEvent(WAIT);
        assertThat(event.id()).isEqualTo(id);
        JsonNode envelope = mapper.readTree(event.data());
        assertThat(envelope.get("project_id").asText()).isEqualTo("p1");
        assertThat(envelope.get("agent_id").asText()).isEqualTo("a1");
        assertThat(envelope.get("data").get("text").asText()).isEqualTo("hi\nthere");
    }

    @Test
    void batch_gets202WithIdsInOrder_andTheStreamCarriesThemInOrder() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));
        RawSseClient client = connect(server, "/api/events", Map.of());
        client.nextComment(WAIT);

        Response response = PublishClient.post(server.port(), "/api/events", AUTH_JSON,
                "[{\"type\":\"a\"},{\"type\":\"b\",\"data\":{\"n\":1}},{\"type\":\"c\",\"timestamp\":\"2026-01-02T03:04:05Z\"}]");

        assertThat(response.status()).isEqualTo(202);
        List<String> ids = StreamSupport.stream(json(response).get("ids").spliterator(), false)
                .map(JsonNode::asText).toList();
        assertThat(ids).hasSize(3);
        List<SseEvent> events = client.awaitEvents(3, WAIT);
        assertThat(events).extracting(SseEvent::id).containsExactlyElementsOf(ids);
        assertThat(events).extracting(SseEvent::event).containsExactly("a", "b", "c");
        assertThat(mapper.readTree(events.get(2).data()).get("timestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(server.published()).isEqualTo(3);
    }

    @Test
    void idempotencyKeyOnTheMemoryBackend_isCheckedButRemembersNothing_soASecondSendPublishesAgain() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));
        RawSseClient client = connect(server, "/api/events", Map.of());
        client.nextComment(WAIT);
        Map<String, String> keyed = new java.util.HashMap<>(AUTH_JSON);
        keyed.put("Idempotency-Key", "batch-1:a.b_c");

        Response first = PublishClient.post(server.port(), "/api/events", keyed, "{\"type\":\"a\"}");
        Response second = PublishClient.post(server.port(), "/api/events", keyed, "{\"type\":\"a\"}");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(json(second).get("id").asText()).isNotEqualTo(json(first).get("id").asText());
        assertThat(client.awaitEvents(2, WAIT)).extracting(SseEvent::event).containsExactly("a", "a");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "has space", "a/b",
            "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void badIdempotencyKey_gets400NamingTheHeaderAndTheRule_andPublishesNothing(String key) throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));
        Map<String, String> keyed = new java.util.HashMap<>(AUTH_JSON);
        keyed.put("Idempotency-Key", key);

        Response response = PublishClient.post(server.port(), "/api/events", keyed, "{\"type\":\"a\"}");

        assertThat(response.status()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(body.get("message").asText()).contains("'Idempotency-Key' must be 1-64 characters of [A-Za-z0-9_.:-]");
        assertThat(server.published()).isZero();
    }

    @Test
    void withoutAConfiguredToken_publishingIsDisabled_andSaysWhichSetting() throws Exception {
        TestServer server = server(TestServer.builder());

        Response response = PublishClient.post(server.port(), "/api/events", AUTH_JSON, "{\"type\":\"a\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(json(response).get("message").asText()).contains("HEADSPACE_PUBLISH_TOKEN");
        assertThat(server.eventsBroadcast()).isZero();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"none", "Bearer wrong-token-0000000000000", "Basic abc", "Bearer"})
    void missingOrBadToken_gets401_andPublishesNothing(String authorization) throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));
        Map<String, String> headers = authorization == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "Authorization", authorization);

        Response response = PublishClient.post(server.port(), "/api/events", headers, "{\"type\":\"a\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(json(response).get("error").asText()).isEqualTo("unauthorized");
        assertThat(server.eventsBroadcast()).isZero();
    }

    @Test
    void wrongContentType_gets415() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));

        Response response = PublishClient.post(server.port(), "/api/events",
                Map.of("Authorization", "Bearer " + PUBLISH_TOKEN, "Content-Type", "text/plain"), "{\"type\":\"a\"}");

        assertThat(response.status()).isEqualTo(415);
        assertThat(json(response).get("message").asText()).contains("Content-Type").contains("text/plain");
        assertThat(server.eventsBroadcast()).isZero();
    }

    @Test
    void bodyOverTheLimit_gets413_whetherDeclaredOrStreamed() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN).publishMaxBytes(1024));
        String big = "{\"type\":\"a\",\"data\":{\"x\":\"" + "z".repeat(2000) + "\"}}";

        Response declared = PublishClient.post(server.port(), "/api/events", AUTH_JSON, big);
        Response streamed = PublishClient.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/events"))
                .header("Authorization", "Bearer " + PUBLISH_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build());

        assertThat(declared.status()).isEqualTo(413);
        assertThat(json(declared).get("max_bytes").asLong()).isEqualTo(1024);
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(server.eventsBroadcast()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "{not json|malformed_json|none",
            "''|malformed_json|none",
            "42|invalid_field|body",
            "[]|invalid_field|body",
            "{\"data\":{}}|invalid_field|type",
            "{\"type\":null}|invalid_field|type",
            "{\"type\":\"has space\"}|invalid_field|type",
            "{\"type\":7}|invalid_field|type",
            "{\"type\":\"a\",\"project_id\":\"a/b\"}|invalid_field|project_id",
            "{\"type\":\"a\",\"agent_id\":\"\"}|invalid_field|agent_id",
            "{\"type\":\"a\",\"data\":[1]}|invalid_field|data",
            "{\"type\":\"a\",\"timestamp\":\"yesterday\"}|invalid_field|timestamp",
            "{\"type\":\"a\",\"projectId\":\"p\"}|invalid_field|projectId",
            "{\"type\":\"session_ended\",\"data\":{\"session_uuid\":\"u\"}}|invalid_field|data.reason",
            "[{\"type\":\"a\"},{\"type\":\"b c\"}]|invalid_field|[1].type",
            "[{\"type\":\"a\"},{\"type\":\"session_registered\",\"data\":{}}]|invalid_field|[1].data.session_uuid",
            "{\"type\":\"shutdown\"}|invalid_field|type",
            "{\"type\":\"resync\",\"data\":{\"reason\":\"too_old\"}}|invalid_field|type",
            "{\"type\":\"error\"}|invalid_field|type",
            "{\"type\":\"open\"}|invalid_field|type",
            "[{\"type\":\"a\"},{\"type\":\"shutdown\"}]|invalid_field|[1].type",
            "{\"type\":\"a\",\"type\":\"b\"}|invalid_field|type",
            "{\"type\":\"a\",\"data\":{\"n\":1,\"n\":2}}|invalid_field|data.n",
            "{\"type\":\"a\",\"data\":{\"l\":[{\"x\":1,\"x\":2}]}}|invalid_field|data.l[0].x",
            "[{\"type\":\"a\"},{\"type\":\"b\",\"data\":{\"n\":1,\"n\":2}}]|invalid_field|[1].data.n"})
    void badBody_gets400NamingTheField_andPublishesNothing(String body, String error, String field) throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));
        RawSseClient client = connect(server, "/api/events", Map.of());
        client.nextComment(WAIT);

        Response response = PublishClient.post(server.port(), "/api/events", AUTH_JSON, body);

        assertThat(response.status()).isEqualTo(400);
        JsonNode answer = json(response);
        assertThat(answer.get("error").asText()).isEqualTo(error);
        assertThat(answer.get("message").asText()).isNotBlank();
        if (field == null) {
            assertThat(answer.has("field")).as("a body that is not JSON has no field to name: %s", answer).isFalse();
        } else {
            assertThat(answer.has("field")).as("the answer names the field: %s", answer).isTrue();
            assertThat(answer.get("field").asText()).isEqualTo(field);
            assertThat(answer.get("message").asText()).contains(field.replaceFirst("^\\[\\d+\\]\\.", ""));
        }
        assertThat(server.eventsBroadcast()).isZero();
        // the next good event is the first the stream carries: nothing of the refused body got through
        String id = PublishClient.publish(server.port(), PUBLISH_TOKEN, "{\"type\":\"good\"}").toString();
        assertThat(client.nextEvent(WAIT).id()).isEqualTo(id);
    }

    @Test
    void loneSurrogateInAString_isPublished_andTheStreamCarriesItUnchanged() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));
        RawSseClient client = connect(server, "/api/events", Map.of());
        client.nextComment(WAIT);

        // legal JSON for a string that is not valid UTF-16; it used to reach the SSE encoder raw and fail there
        Response response = PublishClient.post(server.port(), "/api/events", AUTH_JSON,
                "{\"type\":\"a\",\"data\":{\"t\":\"x\\ud800y\",\"e\":\"\\ud83d\\ude00\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode data = mapper.readTree(client.nextEvent(WAIT).data()).get("data");
        assertThat(data.get("t").asText()).isEqualTo("x\ud800y");
        assertThat(data.get("e").asText()).isEqualTo("\ud83d\ude00");
    }

    @Test
    void refusedEvents_areCountedInHealth() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));
        PublishClient.publish(server.port(), PUBLISH_TOKEN, "{\"type\":\"ok\"}");
        PublishClient.post(server.port(), "/api/events", AUTH_JSON,
                "[{\"type\":\"ok\"},{\"type\":\"session_ended\",\"data\":{}}]");

        JsonNode health = mapper.readTree(connect(server, "/health", Map.of()).body(WAIT));

        assertThat(health.get("events").get("published").asLong()).isEqualTo(1);
        assertThat(health.get("events").get("refused").asLong()).isEqualTo(2);
    }

    @Test
    void otherMethods_get405WithAllow() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN));

        Response response = PublishClient.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/events"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, POST");
    }
}
