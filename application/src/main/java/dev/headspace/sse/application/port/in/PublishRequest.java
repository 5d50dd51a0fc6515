package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.NewEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event to publish, with its payload both as the JSON text clients receive and as the JDK values it was parsed
 * into (maps, lists, strings, numbers, booleans, nulls), against which the type's schema is checked.
 *
 * @param data the payload's top-level fields; null means an empty payload; JSON nulls are kept as null values
 */
public record PublishRequest(NewEvent event, Map<String, Object> data) {

    public PublishRequest {
        Objects.requireNonNull(event, "'event' must not be null");
        // Map.copyOf refuses null values, and a JSON null must reach the schema check as a present-but-null field
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
