package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishResultTest {

    @Test
    void negativeIndex_isRefused() {
        assertThatThrownBy(() -> PublishResult.refused(-1, "data.x", "m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'index' must be >= 0, got -1");
    }

    @Test
    void acceptedEvents_areAnUnmodifiableCopy() {
        List<Event> events = new ArrayList<>();
        events.add(new Event(new EventId(1, 0), new EventType("a"), null, null, "{}", Instant.EPOCH));
        PublishResult.Accepted accepted = new PublishResult.Accepted(events);
        events.clear();

        assertThat(accepted.events()).hasSize(1);
        assertThatThrownBy(() -> accepted.events().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
