package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.ShutdownUseCase;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.port.EventStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Refuses new clients, ends every stream with its final shutdown event and waits for the streams to close. */
final class ShutdownService implements ShutdownUseCase {

    private static final System.Logger LOG = System.getLogger(ShutdownService.class.getName());

    private final ClientRegistry registry;

    ShutdownService(ClientRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean shutdown(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        registry.close();
        List<EventStream> closing = new ArrayList<>();
        for (RegisteredSubscription subscription : registry.all()) {
            closing.add(subscription.stream());
            subscription.evict(CloseReason.SHUTDOWN);
        }
        LOG.log(Level.INFO, "shutdown: closing {0} client streams", closing.size());
        for (EventStream stream : closing) {
            while (stream.isOpen()) {
                if (System.nanoTime() - deadline >= 0) {
                    long open = closing.stream().filter(EventStream::isOpen).count();
                    LOG.log(Level.WARNING, "shutdown: {0} streams still open after {1} ms", open, timeout.toMillis());
                    return false;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        return true;
    }
}
