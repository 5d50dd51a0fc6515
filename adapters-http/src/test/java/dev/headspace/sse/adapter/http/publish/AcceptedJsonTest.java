package dev.headspace.sse.adapter.http.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AcceptedJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private static Event event(int sequence) {
        return new Event(new EventId(1_795_587_758_741L, sequence), new EventType("a"), null, null, "{}", Instant.EPOCH);
    }

    @Test
    void oneEvent_isAnsweredWithItsId() throws Exception {
        assertThat(mapper.writeValueAsString(AcceptedJson.fromDomain(List.of(event(0)), false)))
                .isEqualTo("{\"id\":\"1795587758741-0\"}");
    }

    @Test
    void batch_isAnsweredWithTheIdsInOrder_evenForOneEvent() throws Exception {
        assertThat(mapper.writeValueAsString(AcceptedJson.fromDomain(List.of(event(0), event(1)), true)))
                .isEqualTo("{\"ids\":[\"1795587758741-0\",\"1795587758741-1\"]}");
        assertThat(mapper.writeValueAsString(AcceptedJson.fromDomain(List.of(event(0)), true)))
                .isEqualTo("{\"ids\":[\"1795587758741-0\"]}");
    }
}
