package dev.headspace.sse.application.testing;

import dev.headspace.sse.application.Core;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The real core, assembled as bootstrap assembles it, with the test encoder and one client that watches every event:
 * what producers' tests publish through, and read back from.
 */
public final class TestCore {

    private final Core core;
    private final FakeEventStream watcher = new FakeEventStream();

    public TestCore() {
        core = Core.assemble(new Core.Options(100, Duration.ofSeconds(30), Duration.ofSeconds(60),
                        Duration.ofSeconds(30), 10_000, 64L << 20, Duration.ofHours(1), 1_000),
                new TestEncoder(), StreamMetrics.NONE, Clock.systemUTC());
        core.subscribe().subscribe(EventFilter.ALL, watcher, null);
    }

    public Core core() {
        return core;
    }

    /** Every event broadcast so far, in stream order, as a client received it. */
    public List<Event> published() {
        return watcher.delivered().stream().map(EncodedEvent::event).toList();
    }
}
