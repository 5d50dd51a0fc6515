package dev.headspace.sse.config;

import java.time.Duration;
import java.util.List;

/**
 * What a connection may cost before it is a stream: how long it may take to send a request, how large the request
 * head may be, how many connections one client address and the whole node may hold open, and which proxies may name
 * the client in {@code X-Forwarded-For}.
 *
 * @param requestParseTimeout      a request head must arrive whole within this (slowloris)
 * @param noRequestTimeout         a connection with no request in progress is closed after this
 * @param maxHeaderBytes           request line and headers at most; past it: 431
 * @param maxUrlBytes              request target (path and query) at most; past it: 414
 * @param maxConnectionsPerAddress open connections from one client address, streams and idle ones together; 0: off
 * @param maxSockets               open sockets on the listener; 0: derived from the process's descriptor limit
 * @param trustedProxies           IP addresses (literals) whose {@code X-Forwarded-For} names the client
 */
public record HttpLimits(Duration requestParseTimeout, Duration noRequestTimeout, int maxHeaderBytes, int maxUrlBytes,
                         int maxConnectionsPerAddress, int maxSockets, List<String> trustedProxies) {

    public HttpLimits {
        trustedProxies = List.copyOf(trustedProxies);
        if (requestParseTimeout.isNegative() || requestParseTimeout.isZero()
                || noRequestTimeout.isNegative() || noRequestTimeout.isZero()) {
            throw new IllegalArgumentException("'timeouts' must be positive");
        }
        if (maxHeaderBytes < 1 || maxUrlBytes < 1 || maxConnectionsPerAddress < 0 || maxSockets < 0) {
            throw new IllegalArgumentException("'sizes' must be positive and 'caps' zero or more");
        }
    }

    /** The values reference.conf ships (a loader test keeps the two equal), for servers built without the loader. */
    public static HttpLimits defaults() {
        return new HttpLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), 16 * 1024, 8 * 1024, 256, 0, List.of());
    }
}
