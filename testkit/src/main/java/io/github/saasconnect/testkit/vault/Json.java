package io.github.saasconnect.testkit.vault;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the server; immutable and thread-safe, so sharing it is not shared mutable state. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body; an empty body is {@code null}, an unreadable one is a 400 like Vault's. */
    static JsonNode parseBody(byte[] body) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException ex) {
            throw VaultError.badRequest("failed to parse JSON input: " + ex.getOriginalMessage());
        }
    }

    static byte[] write(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    static ObjectNode fromMap(Map<String, ?> map) {
        return MAPPER.valueToTree(map);
    }

    static Map<String, Object> toMap(JsonNode node) {
        return MAPPER.convertValue(node, MAP);
    }
}
