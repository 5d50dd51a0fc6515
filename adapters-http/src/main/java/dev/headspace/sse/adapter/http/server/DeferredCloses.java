package dev.headspace.sse.adapter.http.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

/**
 * Closes connections off their IO thread: each connection's interest in its socket is dropped at once, and the
 * connections an IO thread ended during its current work are closed together by one task on the worker pool.
 *
 * <p>Why not close at once. XNIO's close on an IO thread cancels the selection key and then runs a {@code selectNow},
 * which gathers every ready socket of the thread (up to 1,024 a time). When thousands of clients go at once (a proxy
 * restarts, a network drops, a flood is refused), thousands of sockets are ready with their end of stream, and closing
 * them one by one on the IO thread gathered the same ready sockets again for every close: quadratic work that held
 * each IO thread for half a second and more, and every request on it ({@code benchmarks/storm.sh}). Closed from
 * another thread, XNIO only cancels the key and wakes the selector. Dropping the interest first takes the socket out
 * of epoll at the IO thread's next select, so a connection waiting for its close is not reported ready again.
 *
 * <p>{@link #close} is called on the connection's IO thread; each thread's pending list is confined to it. The
 * closes run on a worker thread, which XNIO and Undertow allow; close listeners then run there too.
 */
public final class DeferredCloses {

    private final Map<XnioIoThread, List<StreamConnection>> pending = new ConcurrentHashMap<>();

    /** Stops watching the connection's socket now and has it closed soon after, off the IO thread; on that thread. */
    public void close(StreamConnection connection) {
        try {
            connection.getSourceChannel().suspendReads();
            connection.getSinkChannel().suspendWrites();
        } catch (RuntimeException e) {
            // its key is cancelled already: the close is all that is left to do
        }
        XnioIoThread thread = connection.getIoThread();
        List<StreamConnection> batch = pending.computeIfAbsent(thread, t -> new ArrayList<>());
        if (batch.isEmpty()) {
            try {
                // after the thread's current work: the connections that end in the same burst go in one batch
                thread.execute(() -> handOver(thread, connection));
            } catch (RejectedExecutionException stopping) {
                // the worker is shutting down and runs no more tasks: close now, as XNIO would have
                IoUtils.safeClose(connection);
                return;
            }
        }
        batch.add(connection);
    }

    private void handOver(XnioIoThread thread, StreamConnection any) {
        List<StreamConnection> batch = pending.put(thread, new ArrayList<>());
        try {
            any.getWorker().execute(() -> batch.forEach(IoUtils::safeClose));
        } catch (RuntimeException e) {
            // the worker pool is shutting down: close here, as XNIO would have
            batch.forEach(IoUtils::safeClose);
        }
    }
}
