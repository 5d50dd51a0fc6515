package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.adapter.http.testing.PublishClient.Response;
import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may read the stream: the subscriber token (bearer, parameter or cookie) and CORS for listed origins only. */
class AccessControlIT extends LiveServerTest {

    @Test
    void subscriberToken_isRequiredWhenSet_asBearerParameterOrCookie() throws Exception {
        String token = "subscribe-token-for-tests-01";
        TestServer server = server(TestServer.builder().subscribeToken(token));

        RawSseClient none = connect(server, "/api/events", Map.of());
        RawSseClient wrong = connect(server, "/api/events?access_token=nope", Map.of());
        RawSseClient bearer = connect(server, "/api/events", Map.of("Authorization", "Bearer " + token));
        RawSseClient parameter = connect(server, "/api/events?access_token=" + token, Map.of());
        RawSseClient cookie = connect(server, "/api/events", Map.of("Cookie", "headspace_token=" + token));

        assertThat(none.status()).isEqualTo(401);
        assertThat(mapper.readTree(none.body(WAIT)).get("error").asText()).isEqualTo("unauthorized");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(parameter.status()).isEqualTo(200);
        assertThat(cookie.status()).isEqualTo(200);
    }

    @Test
    void cors_allowsListedOriginsOnly() throws Exception {
        TestServer server = server(TestServer.builder().publishToken(PUBLISH_TOKEN).corsOrigins("https://dash.example.com"));

        RawSseClient listed = connect(server, "/api/events", Map.of("Origin", "https://dash.example.com"));
        RawSseClient other = connect(server, "/api/events", Map.of("Origin", "https://evil.example.com"));
        Response preflight = PublishClient.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://dash.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build());
        Response refusedPreflight = PublishClient.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "POST").build());

        assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo("https://dash.example.com");
        assertThat(listed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(refusedPreflight.status()).isEqualTo(403);
    }

    @Test
    void withNoOriginsConfigured_noCorsHeadersAreSent() {
        TestServer server = server(TestServer.builder());

        RawSseClient client = connect(server, "/api/events", Map.of("Origin", "https://dash.example.com"));

        assertThat(client.status()).isEqualTo(200);
        assertThat(client.header("Access-Control-Allow-Origin")).isNull();
    }
}
