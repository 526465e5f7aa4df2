package io.github.saasconnect.testkit.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads request fields the way Vault's field decoding does, but strictly: an integer is a JSON integer or a
 * string of digits, a boolean is a JSON boolean or one of Go's boolean words. Anything looser is refused, so code
 * that passes here also passes against a real server.
 */
final class VaultValues {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private VaultValues() {}

    /** A JSON integer or numeric string as a long; {@code null} when it is neither. */
    static Long integer(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isString() && INTEGER.matcher(node.stringValue()).matches()) {
            try {
                return Long.parseLong(node.stringValue());
            } catch (NumberFormatException ex) {
                return null;
            }
        }
        return null;
    }

    /** A query parameter as an integer; {@code null} when it is not one. */
    static Long integer(String text) {
        if (!INTEGER.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** A JSON boolean or Go boolean word; {@code null} when it is neither. */
    static Boolean bool(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            return switch (node.stringValue()) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> null;
            };
        }
        return null;
    }

    /** A Go duration string or a number of seconds; {@code null} when it is neither. */
    static Duration duration(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Duration.ofSeconds(node.longValue());
        }
        if (node.isString()) {
            try {
                return GoDuration.parse(node.stringValue());
            } catch (IllegalArgumentException ex) {
                return null;
            }
        }
        return null;
    }

    /**
     * Vault's comma-separated int slice: {@code [1,2]}, {@code ["1","2"]}, {@code 3} or {@code "1,2"}. Returns
     * {@code null} when the value cannot be read.
     */
    static List<Integer> versions(JsonNode node) {
        List<Integer> versions = new ArrayList<>();
        if (node == null || node.isNull()) {
            return versions;
        }
        if (node.isArray()) {
            for (JsonNode element : node.values()) {
                Long value = integer(element);
                if (value == null || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
                    return null;
                }
                versions.add(value.intValue());
            }
            return versions;
        }
        if (node.isString()) {
            for (String part : node.stringValue().split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                if (!INTEGER.matcher(part.trim()).matches()) {
                    return null;
                }
                versions.add(Integer.parseInt(part.trim()));
            }
            return versions;
        }
        Long single = integer(node);
        if (single == null) {
            return null;
        }
        versions.add(single.intValue());
        return versions;
    }
}
