package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * No filter query, {@code Last-Event-ID}, header or publish body makes the server answer 5xx, log a failure, or
 * change anything when it refuses; every refusal names the field or parameter. One real server for all tries.
 */
class HostileInputPropertyIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TOKEN = "publish-token-for-tests-0001";
    private static final Map<String, String> AUTH_JSON = Map.of("Authorization", "Bearer " + TOKEN,
            "Content-Type", "application/json");
    private static final Set<String> PARAMETERS = Set.of("types", "project_id", "agent_id");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static TestServer server;
    private static LogCapture log;

    @BeforeContainer
    static void start() {
        server = TestServer.builder().publishToken(TOKEN).start();
        log = new LogCapture();
    }

    @AfterContainer
    static void stop() {
        log.close();
        server.close();
    }

    @AfterTry
    void nothingFailedBehindTheAnswer() {
        assertThat(log.problems()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ subscribe

    @Provide
    Arbitrary<String> filterValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars("_.:-0A").ofMinLength(1).ofMaxLength(64),
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.of("", ",", ",,", "a,,b", "x".repeat(65), "a b", "a/b", "\u00e9", "\uD800", "%00"));
    }

    @Provide
    Arbitrary<List<String>> filterValues() {
        return Arbitraries.oneOf(filterValue().list().ofMaxSize(4), Arbitraries.just("a").list().ofMinSize(99)
                .ofMaxSize(103));
    }

    @Provide
    Arbitrary<String> headerValue() {
        // anything a socket can carry in a header line: no CR or LF, any other character
        return Arbitraries.strings().all().ofMaxLength(200).map(s -> s.replace('\r', ' ').replace('\n', ' '));
    }

    @Property(tries = 60)
    void anyFilterLastEventIdOrHeader_isServedOrRefusedNamingTheParameter_neverA5xx(
            @ForAll("filterValues") List<String> types, @ForAll("filterValues") List<String> projects,
            @ForAll("headerValue") String lastEventId, @ForAll("headerValue") String otherHeader) throws Exception {
        long broadcastBefore = server.eventsBroadcast();
        String query = query("types", types) + query("project_id", projects);
        String target = "/api/events" + (query.isEmpty() ? "" : "?" + query.substring(1));

        try (RawSseClient client = RawSseClient.connect(server.port(), target,
                Map.of("Last-Event-ID", lastEventId, "X-Anything", otherHeader), WAIT)) {
            assertThat(client.status()).as("%s", target).isIn(200, 400);
            if (notAFieldValue(lastEventId) || notAFieldValue(otherHeader)) {
                // not HTTP (RFC 9110 field values hold no control characters but HTAB): Undertow's parser refuses it
                // with its own bare 400 and closes, before any handler could name the header
                assertThat(client.status()).isEqualTo(400);
                assertThat(client.header("Content-Length")).isEqualTo("0");
            } else if (client.status() == 400) {
                JsonNode answer = MAPPER.readTree(client.body(WAIT));
                assertThat(answer.has("parameter")).as("%s -> %s", target, answer).isTrue();
                assertThat(answer.get("error").asText()).isEqualTo("invalid_parameter");
                assertThat(answer.get("parameter").asText()).isIn(PARAMETERS);
                assertThat(answer.get("rule").asText()).isNotBlank();
                assertThat(answer.get("message").asText()).contains(answer.get("parameter").asText());
                assertThat(server.clients()).isZero();
            } else {
                client.nextComment(WAIT);
            }
        }
        await().atMost(WAIT).until(() -> server.clients() == 0);
        assertThat(server.eventsBroadcast()).isEqualTo(broadcastBefore);
    }

    private static boolean notAFieldValue(String value) {
        return value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    private static String query(String name, List<String> values) {
        return values.stream().map(value -> "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))
                .collect(Collectors.joining());
    }

    // ------------------------------------------------------------------------------------------------ publish

    @Provide
    Arbitrary<String> jsonValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(HostileInputPropertyIT::jsonString),
                Arbitraries.of("\"session_ended\"", "\"state_transition\"", "\"shutdown\"", "\"resync\"", "\"error\"",
                        "\"a\"", "\"2026-11-25T06:20:07Z\"", "\"user:command\"", "\"\\ud800\"", "\"\\u0000\"",
                        "null", "true", "0", "-1e999", "1e400", "[]", "{}", "[1,[2,[3]]]", "{\"a\":{\"a\":1}}"));
    }

    @Provide
    Arbitrary<String> member() {
        Arbitrary<String> key = Arbitraries.oneOf(
                Arbitraries.of("type", "project_id", "agent_id", "data", "timestamp"),
                Arbitraries.strings().all().ofMaxLength(12));
        return Combinators.combine(key, jsonValue()).as((k, v) -> jsonString(k) + ":" + v);
    }

    @Provide
    Arbitrary<String> event() {
        Arbitrary<String> data = member().list().ofMaxSize(5).map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> type = Arbitraries.oneOf(jsonValue(), Arbitraries.of("\"custom.kind\"", "\"open\""));
        return Combinators.combine(type, member().list().ofMaxSize(3), data, Arbitraries.of(true, false))
                .as((t, others, d, withData) -> {
                    List<String> members = new ArrayList<>(others);
                    members.add(0, "\"type\":" + t);
                    if (withData) {
                        members.add("\"data\":" + d);
                    }
                    return "{" + String.join(",", members) + "}";
                });
    }

    @Provide
    Arbitrary<String> body() {
        return Arbitraries.oneOf(
                event(),
                event().list().ofMinSize(1).ofMaxSize(4).map(events -> "[" + String.join(",", events) + "]"),
                jsonValue(),
                Arbitraries.strings().all().ofMaxLength(100),
                event().map(json -> json.substring(0, json.length() / 2)));
    }

    @Property(tries = 120)
    void anyPublishBody_isAcceptedOrRefusedNamingTheField_andARefusalChangesNothing(@ForAll("body") String body)
            throws IOException {
        long published = server.published();
        long broadcast = server.eventsBroadcast();
        String agents = PublishClient.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/agents")).build()).body();

        PublishClient.Response response = PublishClient.post(server.port(), "/api/events", AUTH_JSON, body);

        assertThat(response.status()).as("%s -> %s", body, response.body()).isIn(202, 400);
        JsonNode answer = MAPPER.readTree(response.body());
        if (response.status() == 202) {
            int ids = answer.has("ids") ? answer.get("ids").size() : 1;
            assertThat(server.published()).isEqualTo(published + ids);
            return;
        }
        assertThat(answer.get("error").asText()).isIn("invalid_field", "malformed_json");
        if (answer.get("error").asText().equals("invalid_field")) {
            assertThat(answer.has("field")).as("%s -> %s", body, answer).isTrue();
            // the field as the body wrote it, so possibly odd ("" is a legal key), quoted in the message
            String field = answer.get("field").asText();
            assertThat(answer.get("message").asText()).contains(field.replaceFirst("^\\[\\d+\\]\\.", ""));
        }
        assertThat(server.published()).isEqualTo(published);
        assertThat(server.eventsBroadcast()).isEqualTo(broadcast);
        assertThat(PublishClient.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/agents")).build()).body())
                .isEqualTo(agents);
    }

    private static String jsonString(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
