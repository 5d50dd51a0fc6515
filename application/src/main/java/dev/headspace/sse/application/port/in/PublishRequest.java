package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.NewEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event to publish, with its payload built once by the producer's adapter: as the JSON text clients receive (in
 * the event) and as its top-level fields, against which the type's schema and a transition's rules are checked.
 *
 * @param data the payload's top-level fields: strings, numbers and booleans as JDK values, nested objects and arrays
 *             as whatever the adapter parsed them into (the core only checks that they are present); null means an
 *             empty payload; JSON nulls are kept as null values
 */
public record PublishRequest(NewEvent event, Map<String, Object> data) {

    public PublishRequest {
        Objects.requireNonNull(event, "'event' must not be null");
        // Map.copyOf refuses null values, and a JSON null must reach the schema check as a present-but-null field
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
