package io.github.saasconnect.testkit.sandbox.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Jackson 3 for the sandboxes; one immutable mapper per JVM is safe because it holds no mutable state we change. */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    /** Serialises {@code value} (maps, lists, strings, numbers, booleans, records). */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses JSON text; throws Jackson's unchecked exception on malformed input. */
    public static JsonNode read(String text) {
        return MAPPER.readTree(text);
    }
}
