package dev.headspace.sse.application;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock that puts the stream in order. Under it, each event gets its id, enters the log and is handed to every
 * matching client; and under it a client joins: it is sent what it missed from the log and then registered. So every
 * event reaches a joining client exactly once, from the replay or live, never both and never neither.
 *
 * <p>Nothing under it blocks: streams only queue bytes for their IO threads.
 */
public final class StreamOrder {

    private final ReentrantLock lock = new ReentrantLock();

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }
}
