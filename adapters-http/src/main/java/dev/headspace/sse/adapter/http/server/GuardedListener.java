package dev.headspace.sse.adapter.http.server;

import dev.headspace.sse.config.HttpLimits;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The HTTP listener, opened on Undertow's worker the way {@code Undertow.start()} opens one, but with the
 * {@link ConnectionGate} in front of HTTP (Undertow offers no hook between accept and HTTP), the request timeouts and
 * head ceiling set, and the socket cap applied where connections are accepted. Opened and closed by one thread, the
 * server's.
 */
final class GuardedListener implements AutoCloseable {

    private final AcceptingChannel<StreamConnection> channel;
    private final ByteBufferPool buffers;

    private GuardedListener(AcceptingChannel<StreamConnection> channel, ByteBufferPool buffers) {
        this.channel = channel;
        this.buffers = buffers;
    }

    static GuardedListener open(XnioWorker worker, int ioThreads, String host, int port, HttpLimits limits,
                                SocketBudget sockets, HttpHandler root, AddressCounts counts,
                                Set<InetAddress> trustedProxies, RefusalLog refusals, long retryAfterSeconds,
                                byte[] refusalBody) {
        int bufferSize = bufferSize();
        ByteBufferPool buffers = new DefaultByteBufferPool(bufferSize >= 1024, bufferSize, -1, 4);
        OptionMap http = OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.requestParseTimeout().toMillis()))
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.noRequestTimeout().toMillis()))
                // Undertow closes a head past this without an answer; below it RequestHeadLimits answers 431. Undertow
                // counts every byte read until the head is complete, so one more buffer for a body read with it.
                .set(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes() * 2 + bufferSize)
                .getMap();
        HttpOpenListener httpOpen = new HttpOpenListener(buffers, http);
        httpOpen.setRootHandler(root);
        ChannelListener<StreamConnection> gate = new ConnectionGate(httpOpen, counts, trustedProxies, refusals,
                retryAfterSeconds, refusalBody);
        OptionMap socket = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000)
                // at the cap the listener stops accepting; it takes connections again once one has closed
                .set(Options.CONNECTION_HIGH_WATER, sockets.sockets())
                .set(Options.CONNECTION_LOW_WATER, sockets.sockets())
                .getMap();
        try {
            AcceptingChannel<StreamConnection> channel = worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(host), port),
                    ChannelListeners.openListenerAdapter(gate), socket);
            channel.resumeAccepts();
            return new GuardedListener(channel, buffers);
        } catch (IOException e) {
            buffers.close();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    int port() {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Stops accepting; the connections already open stay until the worker closes them. */
    @Override
    public void close() {
        IoUtils.safeClose(channel);
    }

    /** Frees the buffers, once the worker has stopped. */
    void release() {
        buffers.close();
    }

    private static int millis(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    /** The buffer size {@code Undertow.Builder} picks for this heap. */
    private static int bufferSize() {
        long maxMemory = Runtime.getRuntime().maxMemory();
        if (maxMemory < 64L * 1024 * 1024) {
            return 512;
        }
        return maxMemory < 128L * 1024 * 1024 ? 1024 : 16 * 1024;
    }
}
