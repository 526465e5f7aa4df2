package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.provider.ProviderOption;
import io.github.saasconnect.provider.ProviderType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata offers every option every provider type declares, with its allowed values, so that the
 * two cannot drift: a new option, value or type fails here until the metadata says it too. Checked in the metadata the
 * annotation processor merged, which is what an IDE reads from the jar.
 */
class ProviderOptionsMetadataTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPTIONS = "saas-connect.providers.values.options";

    @Test
    void everyDeclaredOptionIsOfferedWithItsAllowedValues() throws IOException {
        Map<String, JsonNode> hints = new LinkedHashMap<>();
        for (JsonNode hint : metadata("META-INF/spring-configuration-metadata.json")
                .path("hints")
                .values()) {
            hints.put(hint.path("name").asString(), hint);
        }

        assertThat(hints.get("saas-connect.providers.values.type"))
                .as("type hint")
                .isNotNull();
        assertThat(names(hints.get("saas-connect.providers.values.type")))
                .containsExactlyInAnyOrderElementsOf(
                        types().stream().map(ProviderType::name).toList());
        List<String> declared = new ArrayList<>();
        for (ProviderType type : types()) {
            for (ProviderOption option : type.options()) {
                String key = option.type() == ProviderOption.Type.MAP ? option.name() + ".*" : option.name();
                declared.add(key);
                JsonNode value = value(hints.get(OPTIONS + ".keys"), key);
                assertThat(value)
                        .as("%s option %s in %s.keys", type.name(), key, OPTIONS)
                        .isNotNull();
                assertThat(value.path("description").asString())
                        .as("description of %s", key)
                        .startsWith(type.name() + " (" + typeName(option))
                        .contains(option.description());
                if (option.allowedValues().isEmpty()) {
                    assertThat(hints).as("no value hint for %s", key).doesNotContainKey(OPTIONS + "." + option.name());
                } else {
                    assertThat(names(hints.get(OPTIONS + "." + option.name())))
                            .as("values of %s", key)
                            .containsExactlyElementsOf(option.allowedValues());
                }
            }
        }
        assertThat(names(hints.get(OPTIONS + ".keys")))
                .as("no option that no type declares")
                .containsExactlyInAnyOrderElementsOf(declared);
    }

    private static List<ProviderType> types() {
        List<ProviderType> types = new ArrayList<>();
        ServiceLoader.load(ProviderType.class).forEach(types::add);
        types.sort(Comparator.comparing(ProviderType::name));
        return types;
    }

    private static String typeName(ProviderOption option) {
        return option.type().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> names(JsonNode hint) {
        List<String> names = new ArrayList<>();
        if (hint != null) {
            hint.path("values").values().forEach(v -> names.add(v.path("value").asString()));
        }
        return names;
    }

    private static JsonNode value(JsonNode hint, String name) {
        if (hint == null) {
            return null;
        }
        for (JsonNode v : hint.path("values").values()) {
            if (v.path("value").asString().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static JsonNode metadata(String resource) throws IOException {
        try (InputStream in = ProviderOptionsMetadataTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return JSON.readTree(in);
        }
    }
}
