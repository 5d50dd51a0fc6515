package dev.headspace.sse.adapter.http.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lets a test stop a client reading its socket, so that the server's writes back up. Any thread may pause, resume or
 * close the gate; the reader thread blocks in {@code read} while it is paused, and fails once it is closed.
 */
final class ReadGate {

    private boolean paused;
    private boolean closed;

    ReadGate(boolean paused) {
        this.paused = paused;
    }

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    synchronized boolean isPaused() {
        return paused;
    }

    /** Closes the gate; {@code false} if it was closed already. */
    synchronized boolean close() {
        boolean wasOpen = !closed;
        closed = true;
        notifyAll();
        return wasOpen;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * {@code in} behind the gate: each read first waits while the gate is paused. A pause takes effect before the next
     * read; bytes of a read already under way are still delivered.
     */
    InputStream guard(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                awaitOpen();
                return super.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                awaitOpen();
                return super.read(buffer, offset, length);
            }
        };
    }

    private synchronized void awaitOpen() throws IOException {
        while (paused && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading was paused", e);
            }
        }
        if (closed) {
            throw new IOException("client closed while reading was paused");
        }
    }
}
