package dev.headspace.sse.domain;

import java.util.Objects;

/**
 * Why a payload does not fit its event type's schema.
 *
 * @param field   the offending field, as the producer wrote it ({@code data.session_uuid})
 * @param message the refusal, naming the field and the rule
 */
public record SchemaViolation(String field, String message) {

    public SchemaViolation {
        Objects.requireNonNull(field, "'field' must not be null");
        Objects.requireNonNull(message, "'message' must not be null");
    }
}
