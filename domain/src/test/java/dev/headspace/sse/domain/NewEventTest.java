package dev.headspace.sse.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NewEventTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.123Z");

    @Test
    void of_buildsAnEventWithoutProjectAgentOrTimestamp() {
        NewEvent event = NewEvent.of("custom.one", "{\"a\":1}");

        assertThat(event.type()).isEqualTo(new EventType("custom.one"));
        assertThat(event.projectId()).isNull();
        assertThat(event.agentId()).isNull();
        assertThat(event.payloadJson()).isEqualTo("{\"a\":1}");
        assertThat(event.timestamp()).isNull();
    }

    @Test
    void missingPayload_becomesAnEmptyObject() {
        assertThat(NewEvent.of("a", null).payloadJson()).isEqualTo("{}");
    }

    @Test
    void missingType_isRefused() {
        assertThatThrownBy(() -> new NewEvent(null, null, null, "{}", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'type' must not be null");
    }

    @Test
    void payloadWithNul_isRefused() {
        assertThatThrownBy(() -> NewEvent.of("a", "{\"a\":\"x\0y\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'data' must not contain NUL characters");
    }

    @Test
    void payloadWithLineBreaks_isKeptAsIs() {
        String payload = "{\"a\":\n1,\r\n\"b\":\r2}";

        assertThat(NewEvent.of("a", payload).payloadJson()).isEqualTo(payload);
    }

    @Test
    void withId_withoutTimestamp_isStampedNow_andKeepsEverythingElse() {
        NewEvent draft = new NewEvent(new EventType("t"), new ProjectId("p"), new AgentId("x"), "{\"k\":true}", null);
        EventId id = new EventId(5, 1);

        Event event = draft.withId(id, NOW);

        assertThat(event).isEqualTo(new Event(id, new EventType("t"), new ProjectId("p"), new AgentId("x"),
                "{\"k\":true}", NOW));
    }

    @Test
    void withId_keepsTheProducersTimestamp() {
        Instant happened = Instant.parse("2020-01-01T00:00:00Z");
        NewEvent draft = new NewEvent(new EventType("t"), null, null, "{}", happened);

        Event event = draft.withId(new EventId(5, 1), NOW);

        assertThat(event.timestamp()).isEqualTo(happened);
        assertThat(event.projectId()).isNull();
        assertThat(event.agentId()).isNull();
    }

    @Test
    void withId_withoutId_isRefused() {
        assertThatThrownBy(() -> NewEvent.of("t", "{}").withId(null, NOW))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'id' must not be null");
    }
}
