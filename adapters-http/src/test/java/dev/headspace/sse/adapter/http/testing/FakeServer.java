package dev.headspace.sse.adapter.http.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection server the test scripts byte by byte, to check the raw client against exact wire input: it
 * accepts one connection, records its request head, answers with a fixed response head (or nothing, if null) and
 * then lets the test write the body piece by piece. The accepting thread hands the socket over to the test thread.
 */
final class FakeServer implements AutoCloseable {
    private final ServerSocket serverSocket;
    private final CompletableFuture<Socket> accepted = new CompletableFuture<>();
    private final CompletableFuture<String> request = new CompletableFuture<>();

    FakeServer(String responseHead) throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        Thread acceptor = new Thread(() -> {
            try {
                Socket socket = serverSocket.accept();
                accepted.complete(socket);
                socket.setSoTimeout(10_000);
                request.complete(readRequestHead(socket.getInputStream()));
                if (responseHead != null) {
                    OutputStream out = socket.getOutputStream();
                    out.write(responseHead.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (Throwable e) {
                accepted.completeExceptionally(e);
                request.completeExceptionally(e);
            }
        }, "fake-sse-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    String request() throws Exception {
        return request.get(5, TimeUnit.SECONDS);
    }

    Socket socket() throws Exception {
        return accepted.get(5, TimeUnit.SECONDS);
    }

    void send(byte[] bytes) throws Exception {
        OutputStream out = socket().getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Sends one chunk holding {@code data}; returns {@code data}. */
    String sendChunk(String data) throws Exception {
        sendChunk(data.getBytes(StandardCharsets.UTF_8));
        return data;
    }

    void sendChunk(byte[] data) throws Exception {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(data.length + 16);
        chunk.write(Integer.toHexString(data.length).getBytes(StandardCharsets.US_ASCII));
        chunk.write('\r');
        chunk.write('\n');
        chunk.write(data);
        chunk.write('\r');
        chunk.write('\n');
        send(chunk.toByteArray());
    }

    void closeConnection() throws Exception {
        socket().close();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        Socket socket = accepted.getNow(null);
        if (socket != null) {
            socket.close();
        }
    }

    private static String readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request head incomplete: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }
}
