package dev.headspace.sse.adapter.http.stream;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;
import org.xnio.conduits.WriteReadyHandler;

/**
 * Takes over an SSE exchange's socket once Undertow has sent the response head: frames then go to the connection's
 * original sink conduit, below Undertow's chunked conduit, so that one gathering write carries many frames (the chunked
 * conduit writes only the first buffer of a gathering write), and the read side is watched for the peer's end of
 * stream, so that a closed tab frees its slot at once, not at the next heartbeat. Confined to the exchange's IO thread:
 * {@link #start} and every {@link Listener} call run there, but a close from another thread: XNIO then calls
 * {@link Listener#terminated}, and {@link Listener#failed} for the read side, on that thread.
 *
 * <p>Why writing below Undertow is safe. Undertow frames an HTTP/1.1 response without Content-Length as chunked, with
 * a {@code ChunkedStreamSinkConduit} over the head writer over the socket's conduit; HTTP/1.0 gets identity until close.
 * Once the response channel has flushed, the head is on the socket and no layer above it holds a byte of ours; nothing
 * is written through those layers again, and the exchange never ends while the stream lives (the handler dispatched
 * it), so Undertow writes no last chunk of its own and never reads or answers a next request on this connection: the
 * stream closes the connection when it is done. Our frames carry their own chunk framing, written as they are when the
 * response is chunked and as a view without the framing when it is not, so the body is what Undertow would have sent.
 * The original conduits are the connection's own, served by the same IO thread as the exchange. {@code
 * SocketTakeoverIT} fails if an Undertow upgrade changes any of this.
 */
final class SocketTakeover {

    private static final Logger LOG = LoggerFactory.getLogger(SocketTakeover.class);

    /** Where the bytes a client should not send are read and dropped; one per IO thread, since only it reads. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(256));

    /** What becomes of the socket; every call comes on the IO thread, unless another thread closed the connection. */
    interface Listener {
        /** The head is on the socket: from now on frames go to {@code sink}, chunk-framed or not as {@code chunked}. */
        void taken(StreamSinkConduit sink, boolean chunked);

        /** The socket can take bytes again after a short write (its write readiness is suspended again first). */
        void writable();

        /** The peer ended its side ({@code cause} null) or the socket failed; on the closing thread, if one did. */
        void failed(IOException cause);

        /** The connection has been closed or terminated, by either side; on the thread that closed it. */
        void terminated();
    }

    private final HttpServerExchange exchange;
    private final int sendBuffer;
    private final Listener listener;
    private final boolean chunked;

    private SocketTakeover(HttpServerExchange exchange, int sendBuffer, Listener listener, boolean chunked) {
        this.exchange = exchange;
        this.sendBuffer = sendBuffer;
        this.listener = listener;
        this.chunked = chunked;
    }

    /**
     * Sends the response head, then hands the socket to {@code listener}; runs after the handler has returned.
     *
     * @param sendBuffer the socket's send buffer in bytes, or 0 to leave it to the kernel
     */
    static void start(HttpServerExchange exchange, int sendBuffer, Listener listener) {
        exchange.getConnection().addCloseListener(connection -> listener.terminated());
        StreamSinkChannel response = exchange.getResponseChannel();
        // the response channel, once created, has decided the framing and said so in the head
        boolean chunked = exchange.getResponseHeaders().contains(Headers.TRANSFER_ENCODING);
        new SocketTakeover(exchange, sendBuffer, listener, chunked).flushHead(response);
    }

    private void flushHead(StreamSinkChannel response) {
        try {
            if (response.flush()) {
                takeOver();
            } else {
                response.getWriteSetter().set(channel -> {
                    try {
                        if (channel.flush()) {
                            channel.suspendWrites();
                            takeOver();
                        }
                    } catch (IOException e) {
                        listener.failed(e);
                    }
                });
                response.resumeWrites();
            }
        } catch (IOException e) {
            listener.failed(e);
        }
    }

    private void takeOver() {
        AbstractServerConnection connection = (AbstractServerConnection) exchange.getConnection();
        if (sendBuffer > 0) {
            try {
                // a small kernel buffer: what a client cannot read waits in our queue, where it is seen and bounded,
                // rather than in megabytes of autotuned socket buffer where it only adds latency
                connection.getChannel().setOption(Options.SEND_BUFFER, sendBuffer);
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("could not size the send buffer: {}", e.toString());
            }
        }
        StreamSinkConduit sink = connection.getOriginalSinkConduit();
        sink.setWriteReadyHandler(new WriteReadyHandler() {
            @Override
            public void writeReady() {
                sink.suspendWrites();
                listener.writable();
            }

            @Override
            public void forceTermination() {
                listener.terminated();
            }

            @Override
            public void terminated() {
                listener.terminated();
            }
        });
        watchForEndOfStream(connection.getOriginalSourceConduit());
        forgetTheRequest();
        listener.taken(sink, chunked);
    }

    /**
     * The head is sent and nothing reads the request again, yet the exchange lives as long as the stream: its header
     * and parameter maps are most of what an idle connection holds, so they are emptied.
     */
    private void forgetTheRequest() {
        exchange.getRequestHeaders().clear();
        exchange.getResponseHeaders().clear();
        exchange.getQueryParameters().clear();
        exchange.getPathParameters().clear();
    }

    /** An SSE client sends nothing after its request: whatever it sends is dropped, and its end of stream is its end. */
    private void watchForEndOfStream(StreamSourceConduit source) {
        source.setReadReadyHandler(new ReadReadyHandler() {
            @Override
            public void readReady() {
                try {
                    ByteBuffer scratch = SCRATCH.get();
                    int read;
                    do {
                        scratch.clear();
                        read = source.read(scratch);
                    } while (read > 0);
                    if (read < 0) {
                        source.suspendReads();
                        listener.failed(null);
                    }
                } catch (IOException e) {
                    listener.failed(e);
                }
            }

            @Override
            public void forceTermination() {
                listener.terminated();
            }

            @Override
            public void terminated() {
                // the read side ended: XNIO says so here first when a read meets the peer's end of stream, before that
                // read returns -1, and the connection itself stays open until it is closed
                listener.failed(null);
            }
        });
        source.resumeReads();
    }
}
