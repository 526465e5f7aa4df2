package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.importing.ImportedGrant;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads grants from a JSON-lines file: one object per line with {@code registration}, {@code owner},
 * {@code refresh_token} and optionally {@code access_token}, {@code expires_at}, {@code scope} (space-separated) and
 * {@code issued_at}. Blank lines are skipped; a line that is not a valid grant is reported by number and field, never
 * quoted.
 */
final class JsonLinesGrants {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The grants of a file and the lines that are not grants.
     *
     * @param grants the valid ones, in file order
     * @param invalid one message per invalid line, naming its number and what is wrong
     */
    record Parsed(List<ImportedGrant> grants, List<String> invalid) {}

    private JsonLinesGrants() {}

    static Parsed read(Path file) throws IOException {
        List<ImportedGrant> grants = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line; (line = in.readLine()) != null; ) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    grants.add(grant(line));
                } catch (IllegalArgumentException e) {
                    invalid.add("line " + number + ": " + e.getMessage());
                }
            }
        }
        return new Parsed(grants, invalid);
    }

    private static ImportedGrant grant(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object"); // the parser's message could quote a token
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String registration = required(node, "registration");
        String owner = required(node, "owner");
        ConnectionId id;
        try {
            id = ConnectionId.of(registration, owner);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("registration or owner is not valid: " + e.getMessage());
        }
        String scope = text(node, "scope");
        Set<String> scopes = scope == null
                ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(scope.strip().split("\\s+")));
        return new ImportedGrant(
                id,
                Secret.of(required(node, "refresh_token")),
                Secret.ofNullable(text(node, "access_token")),
                instant(node, "expires_at"),
                scopes,
                instant(node, "issued_at"));
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing or empty");
        }
        return value;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return value.asString();
    }

    private static @Nullable Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + field + "' is not an ISO-8601 instant such as 2026-12-04T10:00:00Z");
        }
    }
}
