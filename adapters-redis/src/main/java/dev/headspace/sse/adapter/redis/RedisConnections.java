package dev.headspace.sse.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A node's Lettuce client and the connection it publishes and resumes through, which reconnects by itself with
 * jitter, refuses commands at once while it is down, and says whether it is up. The reader opens its own connection
 * from {@link #client()}. Any thread.
 */
final class RedisConnections implements AutoCloseable {

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publishing;
    /**
     * Whether the publishing connection's channel is up. Lettuce's {@code isOpen()} stays true while it reconnects, and
     * commands are rejected meanwhile: health must not say ok before a publish can go through.
     */
    private volatile boolean publishingUp;

    /** @throws io.lettuce.core.RedisException when Redis cannot be reached (nothing is left open) */
    RedisConnections(String uri, Duration commandTimeout) {
        this.resources = DefaultClientResources.builder()
                // reconnect soon after Redis is back, with jitter so that the nodes do not all come at once
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(2), 100,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // while disconnected, fail at once (a 503 now beats a request that hangs until its timeout)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler == publishing) {
                    publishingUp = true;
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == publishing) {
                    publishingUp = false;
                }
            }
        });
        try {
            this.publishing = client.connect();
        } catch (RuntimeException e) {
            shutDownClient();
            throw e;
        }
        publishingUp = true;
    }

    RedisClient client() {
        return client;
    }

    StatefulRedisConnection<String, String> publishing() {
        return publishing;
    }

    /** Whether a command on the publishing connection can go through now. */
    boolean publishingUp() {
        return publishingUp && publishing.isOpen();
    }

    @Override
    public void close() {
        publishing.close();
        shutDownClient();
    }

    private void shutDownClient() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
