package dev.headspace.sse.domain;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads the enums that travel by name ({@link TaskState}, {@link Actor}, {@link Intent}) from their wire names. */
final class WireNames {

    private WireNames() {
    }

    /** @throws IllegalArgumentException naming the field and the allowed values */
    static <E extends Enum<E>> E parse(E[] values, Function<E, String> wireName, String field, String value) {
        for (E candidate : values) {
            if (wireName.apply(candidate).equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("'" + field + "' must be one of "
                + Arrays.stream(values).map(wireName).collect(Collectors.joining(", "))
                + ", got \"" + (value == null ? "null" : Token.printable(value)) + "\"");
    }
}
