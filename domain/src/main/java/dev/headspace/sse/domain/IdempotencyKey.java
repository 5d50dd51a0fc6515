package dev.headspace.sse.domain;

/**
 * A producer's name for one batch ({@code Idempotency-Key}): the same batch sent again under the same key, while the
 * shared log remembers it, gets the ids it got the first time and is not appended again.
 */
public record IdempotencyKey(String value) {

    public IdempotencyKey {
        Token.require("Idempotency-Key", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
