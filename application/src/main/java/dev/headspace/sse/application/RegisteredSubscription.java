package dev.headspace.sse.application;

import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.port.EventStream;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client in the registry. Its end comes one way or the other, never both: the application evicts it (unregisters,
 * counts, closes the stream), or the stream's adapter reports it ended (unregisters and counts only).
 */
final class RegisteredSubscription implements ClientSubscription {

    private static final System.Logger LOG = System.getLogger(RegisteredSubscription.class.getName());

    private final long id;
    private final EventFilter filter;
    private final EventStream stream;
    private final Instant connectedAt;
    private final ClientRegistry registry;
    private final SseStatistics statistics;
    private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();

    RegisteredSubscription(long id, EventFilter filter, EventStream stream, Instant connectedAt,
                           ClientRegistry registry, SseStatistics statistics) {
        this.id = id;
        this.filter = filter;
        this.stream = stream;
        this.connectedAt = connectedAt;
        this.registry = registry;
        this.statistics = statistics;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public EventFilter filter() {
        return filter;
    }

    @Override
    public EventStream stream() {
        return stream;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public void streamEnded(CloseReason reason) {
        end(reason);
    }

    /** The application's decision to end the client: unregisters it, counts the reason, and closes its stream. */
    void evict(CloseReason reason) {
        if (end(reason)) {
            stream.close(reason);
        }
    }

    private boolean end(CloseReason reason) {
        if (!closeReason.compareAndSet(null, reason)) {
            return false;
        }
        registry.remove(this);
        statistics.disconnected(reason);
        statistics.queuePeak(stream.queuePeak());
        // a client leaving, or being told the server stops, is the normal case: at thousands a second, one line each
        // would make the IO threads queue on the log (seen in a reconnect storm); evictions stay at INFO
        LOG.log(reason == CloseReason.SHUTDOWN || reason == CloseReason.CLIENT_GONE ? Level.DEBUG : Level.INFO,
                "client {0} removed: {1}", id, reason.label());
        return true;
    }

    CloseReason closeReason() {
        return closeReason.get();
    }
}
