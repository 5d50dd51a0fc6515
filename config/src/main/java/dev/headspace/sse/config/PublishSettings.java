package dev.headspace.sse.config;

import java.util.Optional;

/**
 * The HTTP publish API's access and size limit.
 *
 * @param token the bearer token publishers present; empty disables publishing over HTTP
 */
public record PublishSettings(Optional<String> token, long maxBytes) {

    @Override
    public String toString() {
        return "PublishSettings[token=" + (token.isPresent() ? "<set>" : "<none>") + ", maxBytes=" + maxBytes + "]";
    }
}
