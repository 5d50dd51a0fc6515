package dev.headspace.sse.application;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps publishing and joining apart. Under it an event gets its id, enters the log and the agents view and is handed
 * to every matching client; under it a client joins: it is sent what it missed from the log, then registered. So each
 * event reaches a joining client exactly once, from the replay or live, never both and never neither.
 *
 * <p>Nothing under it blocks: streams only queue bytes for their IO threads.
 */
final class PublishJoinLock {

    private final ReentrantLock lock = new ReentrantLock();

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }
}
