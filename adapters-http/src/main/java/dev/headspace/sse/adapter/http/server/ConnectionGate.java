package dev.headspace.sse.adapter.http.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * The per-address cap where connections are accepted, before a byte is read: a connection from an address that
 * already holds its share is answered 503 with {@code Retry-After} and closed; any other is counted until it closes
 * and handed to HTTP. Connections from trusted proxies pass uncounted: {@link ForwardedClients} counts the clients
 * they carry, per request. Runs on the IO thread that accepted the connection, which owns it.
 */
final class ConnectionGate implements ChannelListener<StreamConnection> {

    /** How long a refused connection may take to read its answer and close before it is closed for it. */
    private static final long LINGER_MILLIS = 2_000;

    private final ChannelListener<StreamConnection> http;
    private final AddressCounts counts;
    private final Set<InetAddress> trustedProxies;
    private final RefusalLog refusals;
    private final ByteBuffer refusal;
    private final DeferredCloses closes = new DeferredCloses();

    /** @param refusalBody the JSON body of the 503, already encoded */
    ConnectionGate(ChannelListener<StreamConnection> http, AddressCounts counts, Set<InetAddress> trustedProxies,
                   RefusalLog refusals, long retryAfterSeconds, byte[] refusalBody) {
        this.http = http;
        this.counts = counts;
        this.trustedProxies = Set.copyOf(trustedProxies);
        this.refusals = refusals;
        byte[] head = ("HTTP/1.1 503 Service Unavailable\r\n"
                + "Retry-After: " + retryAfterSeconds + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Cache-Control: no-store\r\n"
                + "Content-Length: " + refusalBody.length + "\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bytes = ByteBuffer.allocate(head.length + refusalBody.length).put(head).put(refusalBody);
        this.refusal = bytes.flip().asReadOnlyBuffer();
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        InetAddress peer = address(connection.getPeerAddress());
        if (!counts.enabled() || peer == null || trustedProxies.contains(peer)) {
            http.handleEvent(connection);
            return;
        }
        if (!counts.tryAcquire(peer)) {
            refusals.refused(peer, "it holds " + counts.max()
                    + " open connections, the per-address cap (HEADSPACE_HTTP_MAX_CONNECTIONS_PER_ADDRESS)");
            refuse(connection);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                counts.release(peer);
            }
        };
        http.handleEvent(connection);
        if (!connection.isOpen()) {
            // HTTP already answered and closed it (a whole request arrived with the connection)
            release.run();
            return;
        }
        // HTTP's own close listener replaced any set before; run it, then give the slot back
        ChannelListener<? super StreamConnection> httpOnClose = connection.getCloseListener();
        connection.setCloseListener(closed -> {
            try {
                ChannelListeners.invokeChannelListener(closed, httpOnClose);
            } finally {
                release.run();
            }
        });
    }

    /**
     * Writes the 503 (a fresh socket's send buffer takes it whole), then reads and discards what the client sends until
     * it closes: closing with its request unread would reset the connection, and the client could lose the answer. The
     * answer has its length and says {@code Connection: close}, so a client closes once it has read it; one that does
     * not is closed for after {@link #LINGER_MILLIS}. The output is not ended first: with both directions ended, XNIO
     * closes the connection itself on the IO thread as the client's end of stream is read, which in a flood costs what
     * {@link DeferredCloses} exists to avoid; the closes here are deferred instead.
     */
    private void refuse(StreamConnection connection) {
        StreamSinkChannel out = connection.getSinkChannel();
        try {
            out.write(refusal.duplicate());
            out.flush();
        } catch (IOException e) {
            closes.close(connection);
            return;
        }
        XnioExecutor.Key deadline = connection.getIoThread()
                .executeAfter(() -> closes.close(connection), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        ByteBuffer discard = ByteBuffer.allocate(512);
        StreamSourceChannel in = connection.getSourceChannel();
        in.getReadSetter().set(channel -> {
            try {
                int read;
                do {
                    discard.clear();
                    read = channel.read(discard);
                } while (read > 0);
                if (read < 0) {
                    deadline.remove();
                    closes.close(connection);
                }
            } catch (IOException e) {
                deadline.remove();
                closes.close(connection);
            }
        });
        in.resumeReads();
    }

    private static InetAddress address(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
