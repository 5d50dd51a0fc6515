package dev.headspace.sse.adapter.http.stream;

/**
 * How far one client may fall behind before it is disconnected as a slow consumer, and how much of that the kernel may
 * hold for it.
 *
 * @param socketSendBuffer the socket's send buffer in bytes, or 0 to leave it to the kernel's autotuning
 */
record StreamLimits(int maxQueuedEvents, long maxQueuedBytes, int socketSendBuffer) {

    StreamLimits {
        if (maxQueuedEvents < 1 || maxQueuedBytes < 1 || socketSendBuffer < 0) {
            throw new IllegalArgumentException("queue bounds must be positive, the send buffer 0 or more");
        }
    }
}
