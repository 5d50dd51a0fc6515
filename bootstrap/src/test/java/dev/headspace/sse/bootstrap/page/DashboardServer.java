package dev.headspace.sse.bootstrap.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.bootstrap.HeadspaceComponent;
import dev.headspace.sse.bootstrap.HeadspaceServer;
import dev.headspace.sse.config.SettingsLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Dagger-wired service on an ephemeral port with short reconnect timings, and an HTTP client to poke it. */
final class DashboardServer implements AutoCloseable {

    static final String TOKEN = "dashboard-publish-token";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final HeadspaceComponent component;
    final HeadspaceServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DashboardServer(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("HEADSPACE_HTTP_PORT", "0", "HEADSPACE_PUBLISH_TOKEN", TOKEN,
                "HEADSPACE_SSE_RETRY", "300ms", "HEADSPACE_SSE_RETRY_JITTER", "200ms",
                "HEADSPACE_SSE_RETRY_AFTER", "1s", "HEADSPACE_SHUTDOWN_TIMEOUT", "2s"));
        env.putAll(overrides);
        component = HeadspaceComponent.create(SettingsLoader.load(env));
        server = component.server();
        server.start();
    }

    static DashboardServer start(Map<String, String> overrides) {
        return new DashboardServer(overrides);
    }

    int port() {
        return server.port();
    }

    /** Publishes one event over HTTP; returns its id. */
    String publish(String json) throws IOException, InterruptedException {
        return accepted(json).get("id").asText();
    }

    /** Publishes these events as one batch (a JSON array) over HTTP; returns their ids. */
    List<String> publishAll(List<?> events) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        accepted(MAPPER.writeValueAsString(events)).get("ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** One event as {@link #publishAll(List)} takes it; the data keeps its fields in the order given. */
    static Map<String, Object> event(String type, String project, String agent, Object... dataFields) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < dataFields.length; i += 2) {
            data.put((String) dataFields[i], dataFields[i + 1]);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("project_id", project);
        event.put("agent_id", agent);
        event.put("data", data);
        return event;
    }

    private JsonNode accepted(String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/events"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("publish answered " + response.statusCode() + ": " + response.body());
        }
        return MAPPER.readTree(response.body());
    }

    String publishMessage(String text) throws IOException, InterruptedException {
        return publish(MAPPER.createObjectNode().put("type", "message").put("project_id", "proj-a")
                .put("agent_id", "agent-1").set("data", MAPPER.createObjectNode().put("message", text)).toString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    int activeConnections() throws IOException, InterruptedException {
        JsonNode health = MAPPER.readTree(get("/health").body());
        return health.get("sse").get("active_connections").asInt();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
