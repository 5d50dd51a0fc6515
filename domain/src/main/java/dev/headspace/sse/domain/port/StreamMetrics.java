package dev.headspace.sse.domain.port;

/**
 * The distributions operators watch beside the counters: how long events take from publish to a client's socket, and
 * how many events replays carry. Implementations record without blocking.
 */
public interface StreamMetrics {

    /** Records nothing; for tests and for running without metrics. */
    StreamMetrics NONE = new StreamMetrics() {
        @Override
        public void publishToWrite(long nanos) {
        }

        @Override
        public void replayed(int events) {
        }
    };

    /** Time from an event's publish to the moment a client's socket accepted its last byte. */
    void publishToWrite(long nanos);

    /** The number of events a reconnecting client was sent from the log. */
    void replayed(int events);
}
