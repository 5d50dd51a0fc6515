package dev.headspace.sse.application.port.in;

import java.time.Duration;

/** Stops taking clients and ends every stream with a final shutdown event. */
public interface ShutdownUseCase {

    /** @return true if every stream was closed within the timeout */
    boolean shutdown(Duration timeout);
}
