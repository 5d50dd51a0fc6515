package dev.headspace.sse.adapter.http.stream;

/** How far one client may fall behind before it is disconnected as a slow consumer. */
record StreamLimits(int maxQueuedEvents, long maxQueuedBytes) {

    StreamLimits {
        if (maxQueuedEvents < 1 || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
    }
}
