package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.domain.EventFilter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FilterGroupTest {

    private final ClientRegistry registry = new ClientRegistry(10);
    private final FilterGroup group = new FilterGroup(EventFilter.ALL);

    private RegisteredSubscription client(long id) {
        return new RegisteredSubscription(id, EventFilter.ALL, new FakeEventStream(), Instant.EPOCH, registry,
                new SseStatistics());
    }

    @Test
    void members_followAddsAndRemoves() {
        RegisteredSubscription one = client(1);
        RegisteredSubscription two = client(2);

        group.add(one);
        group.add(two);
        assertThat(group.members()).containsExactlyInAnyOrder(one, two);

        assertThat(group.remove(one)).isFalse();
        assertThat(group.members()).containsExactly(two);
        assertThat(group.remove(two)).as("now empty").isTrue();
        assertThat(group.members()).isEmpty();
    }

    @Test
    void withoutAChange_theSameArrayServesEveryBroadcast_andAChangeRebuildsIt() {
        group.add(client(1));
        RegisteredSubscription[] first = group.members();

        assertThat(group.members()).isSameAs(first);
        group.add(client(2));
        assertThat(group.members()).isNotSameAs(first).hasSize(2);
    }
}
