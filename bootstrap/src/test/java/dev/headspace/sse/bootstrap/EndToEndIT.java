package dev.headspace.sse.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.events.AgentStateMachine;
import dev.headspace.sse.adapter.events.TransitionResult;
import dev.headspace.sse.adapter.events.WriteResult;
import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.config.Settings;
import dev.headspace.sse.config.SettingsLoader;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.Trigger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Dagger-wired application, in-process producers to a browser-like client over HTTP. */
@Timeout(60)
class EndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TOKEN = "end-to-end-publish-token";
    private final ObjectMapper mapper = new ObjectMapper();
    private HeadspaceComponent component;
    private HeadspaceServer server;

    @BeforeEach
    void start() {
        Settings settings = SettingsLoader.load(Map.of("HEADSPACE_HTTP_PORT", "0",
                "HEADSPACE_PUBLISH_TOKEN", TOKEN, "HEADSPACE_SSE_HEARTBEAT_INTERVAL", "200ms"));
        component = HeadspaceComponent.create(settings);
        server = component.server();
        server.start();
    }

    @AfterEach
    void stop() {
        server.shutdown();
    }

    @Test
    void stateMachineTransition_reachesTheStream_andTheAgentsView() throws Exception {
        try (RawSseClient dashboard = RawSseClient.connect(server.port(),
                "/api/events?types=state_transition&project_id=proj-a", Map.of(), WAIT)) {
            dashboard.nextComment(WAIT);
            AgentStateMachine machine = component.agentStateMachine();

            TransitionResult commanded = machine.apply(new ProjectId("proj-a"), new AgentId("agent-1"),
                    Trigger.parse("user:command"));
            TransitionResult question = machine.apply(new ProjectId("proj-a"), new AgentId("agent-1"),
                    Trigger.parse("agent:question"));
            TransitionResult refused = machine.apply(new ProjectId("proj-a"), new AgentId("agent-1"),
                    Trigger.parse("agent:completion"));
            machine.apply(new ProjectId("proj-b"), new AgentId("agent-9"), Trigger.parse("user:command"));

            assertThat(commanded).isInstanceOf(TransitionResult.Accepted.class);
            assertThat(question).isInstanceOf(TransitionResult.Accepted.class);
            assertThat(refused).isInstanceOf(TransitionResult.Refused.class);
            SseEvent first = dashboard.nextEvent(WAIT);
            SseEvent second = dashboard.nextEvent(WAIT);
            assertThat(first.event()).isEqualTo("state_transition");
            assertThat(first.id()).isEqualTo(((TransitionResult.Accepted) commanded).event().id().toString());
            JsonNode data = mapper.readTree(second.data()).get("data");
            assertThat(data.get("from_state").asText()).isEqualTo("commanded");
            assertThat(data.get("to_state").asText()).isEqualTo("awaiting_input");
            assertThat(data.get("trigger").asText()).isEqualTo("agent:question");
            assertThat(mapper.readTree(second.data()).get("agent_id").asText()).isEqualTo("agent-1");

            JsonNode agents = mapper.readTree(RawSseClient.connect(server.port(), "/api/agents?project_id=proj-a",
                    Map.of(), WAIT).body(WAIT)).get("agents");
            assertThat(agents).hasSize(1);
            assertThat(agents.get(0).get("agent_id").asText()).isEqualTo("agent-1");
            assertThat(agents.get(0).get("state").asText()).isEqualTo("awaiting_input");
            // proj-b's transition matched no filter of this dashboard; a heartbeat proves the stream is live
            assertThat(dashboard.nextComment(WAIT)).isEqualTo("heartbeat");
            assertThat(dashboard.events()).hasSize(2);
        }
    }

    @Test
    void eventWriterAndHttpPublish_shareOneOrderedStream() throws Exception {
        try (RawSseClient client = RawSseClient.connect(server.port(), "/api/events", Map.of(), WAIT)) {
            client.nextComment(WAIT);

            WriteResult written = component.eventWriter().sessionEnded("proj-a", "agent-1", "uuid-1", "user quit");
            String posted = PublishClient.publish(server.port(), TOKEN, "{\"type\":\"external\"}").toString();
            WriteResult refused = component.eventWriter().write("session_ended", Map.of("reason", "x"),
                    null, null, null, null);

            assertThat(written).isInstanceOf(WriteResult.Accepted.class);
            assertThat(refused).isInstanceOf(WriteResult.Refused.class);
            assertThat(((WriteResult.Refused) refused).field()).isEqualTo("data.session_uuid");
            assertThat(client.awaitEvents(2, WAIT)).extracting(SseEvent::id).containsExactly(
                    ((WriteResult.Accepted) written).event().id().toString(), posted);
            JsonNode health = mapper.readTree(RawSseClient.connect(server.port(), "/health", Map.of(), WAIT).body(WAIT));
            assertThat(health.get("events").get("published").asLong()).isEqualTo(2);
            assertThat(health.get("events").get("refused").asLong()).isEqualTo(1);
        }
    }
}
