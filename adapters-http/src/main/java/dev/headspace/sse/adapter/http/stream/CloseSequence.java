package dev.headspace.sse.adapter.http.stream;

import dev.headspace.sse.adapter.http.server.DeferredCloses;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.port.ClientSubscription;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * How one stream ends: the first reason decided wins; a shutdown writes a final event and the last chunk after what is
 * queued, then closes, any other reason closes at once; however the connection ends, the subscription is told once,
 * and nothing here asks the application to close anything. The steps run on the connection's IO thread; whether the
 * stream still takes frames ({@link #accepting}, {@link #isClosed}) may be asked from any thread.
 */
final class CloseSequence {

    private static final Logger LOG = LoggerFactory.getLogger(CloseSequence.class);

    private final SendQueue queue;
    private final GatheringWriter writer;
    private final long retryMillis;
    private final DeferredCloses closes;
    private volatile CloseReason closing;
    private volatile boolean closed;
    private volatile ClientSubscription subscription;
    // confined to the IO thread
    private ServerConnection connection;
    private boolean begun;

    /**
     * @param retryMillis the reconnect delay the final shutdown event tells the client
     * @param closes      closes the socket, off the IO thread
     */
    CloseSequence(SendQueue queue, GatheringWriter writer, long retryMillis, DeferredCloses closes) {
        this.queue = queue;
        this.writer = writer;
        this.retryMillis = retryMillis;
        this.closes = closes;
    }

    /** The connection to close and the subscription to tell; on the IO thread, before the socket is taken over. */
    void attach(ServerConnection connection, ClientSubscription subscription) {
        this.connection = connection;
        this.subscription = subscription;
    }

    /** False once the stream is closing or closed: nothing more is queued. Any thread. */
    boolean accepting() {
        return closing == null && !closed;
    }

    /** True once the connection is closed, by either side. Any thread. */
    boolean isClosed() {
        return closed;
    }

    /** The reason a close was decided for before the socket was taken over, or null. */
    CloseReason pending() {
        return closing;
    }

    /**
     * Starts the close for {@code reason}, unless one has started or the connection is gone. Before the socket is taken
     * over it only records the reason ({@link #pending}); a shutdown queues its final frames on the writer and answers
     * true, so that the caller drains; any other reason closes the connection at once.
     */
    boolean begin(CloseReason reason) {
        if (closed || begun) {
            return false;
        }
        if (closing == null) {
            closing = reason;
        }
        if (!writer.isAttached()) {
            return false;
        }
        begun = true;
        if (closing == CloseReason.SHUTDOWN) {
            ByteBuffer shutdown = SseFrames.shutdown(retryMillis);
            if (writer.chunked()) {
                writer.finish(shutdown, SseFrames.LAST_CHUNK.duplicate());
            } else {
                writer.finish(SseFrames.unchunked(shutdown));
            }
            return true;
        }
        closeConnection();
        return false;
    }

    /** The socket failed, or the peer ended its side ({@code cause} null): the connection is closed. */
    void failed(IOException cause) {
        if (closed) {
            return;
        }
        if (cause != null) {
            LOG.debug("client {} connection failed: {}", clientId(), cause.toString());
        }
        closeConnection();
    }

    /** Closes the connection: at once for the stream and the registry, its socket soon after ({@link DeferredCloses}). */
    void closeConnection() {
        if (!closed) {
            closed = true;
            if (connection instanceof AbstractServerConnection server) {
                closes.close(server.getChannel());
            } else {
                IoUtils.safeClose(connection);
            }
        }
        connectionClosed();
    }

    /**
     * Every way the connection can end comes here, so the registry always learns of it: with the reason a close was
     * decided for, or as a client that went away.
     */
    void connectionClosed() {
        closed = true;
        writer.closed();
        queue.clear();
        CloseReason reason = closing;
        report(reason == null ? CloseReason.CLIENT_GONE : reason);
    }

    /** Tells the subscription the stream has ended, if it is registered yet. Any thread. */
    void report(CloseReason reason) {
        ClientSubscription current = subscription;
        if (current != null) {
            current.streamEnded(reason);
        }
    }

    /** The client's id for the logs. Any thread. */
    Object clientId() {
        ClientSubscription current = subscription;
        return current == null ? "(unregistered)" : current.id();
    }
}
