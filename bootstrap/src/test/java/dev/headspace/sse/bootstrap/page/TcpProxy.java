package dev.headspace.sse.bootstrap.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of the server, so a test can cut every connection, refuse new ones for a while, and point
 * at a restarted server on another port, as a network or a load balancer would, and that notes the request lines
 * clients send through it. Its accept thread and two pump threads per connection are its own; {@link #cut()},
 * {@link #release()}, {@link #target(int)} and {@link #requests(String)} may be called from any thread.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private static final Pattern REQUEST_LINE = Pattern.compile("[A-Z]+ \\S+ HTTP/1\\.[01]");

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Queue<String> requestLines = new ConcurrentLinkedQueue<>();
    private volatile int targetPort;
    private volatile boolean passing = true;
    private volatile boolean closed;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void target(int port) {
        targetPort = port;
    }

    /** Closes every connection through the proxy, and closes each new one at once until {@link #release()}. */
    public void cut() {
        passing = false;
        for (Socket socket : sockets) {
            quietly(socket);
        }
        sockets.clear();
    }

    public void release() {
        passing = true;
    }

    /** The request lines clients sent through the proxy whose target starts with this path, oldest first. */
    public List<String> requests(String pathPrefix) {
        return requestLines.stream().filter(line -> line.substring(line.indexOf(' ') + 1).startsWith(pathPrefix))
                .toList();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (!passing) {
                quietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            StringBuilder line = new StringBuilder();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (fromClient) {
                        noteRequestLines(line, buffer, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side went away: close both
            } finally {
                quietly(from);
                quietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Splits what a client sent into lines (across reads) and keeps the ones that are HTTP request lines. */
    private void noteRequestLines(StringBuilder line, byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            char c = (char) (buffer[i] & 0xff);
            if (c == '\n') {
                if (REQUEST_LINE.matcher(line).matches()) {
                    requestLines.add(line.toString());
                }
                line.setLength(0);
            } else if (c != '\r' && line.length() < 8192) {
                line.append(c);
            }
        }
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        cut();
    }
}
