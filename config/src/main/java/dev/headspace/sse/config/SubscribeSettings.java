package dev.headspace.sse.config;

import java.util.Optional;

/**
 * Access to the stream.
 *
 * @param token the token subscribers present; empty lets anyone who reaches the server subscribe
 */
public record SubscribeSettings(Optional<String> token) {

    @Override
    public String toString() {
        return "SubscribeSettings[token=" + (token.isPresent() ? "<set>" : "<none>") + "]";
    }
}
