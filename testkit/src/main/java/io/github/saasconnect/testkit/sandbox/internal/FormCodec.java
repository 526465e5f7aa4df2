package io.github.saasconnect.testkit.sandbox.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** {@code application/x-www-form-urlencoded} and query-string encoding. */
public final class FormCodec {

    private FormCodec() {}

    /** Parses {@code a=1&b=2}; the first occurrence of a repeated name wins. */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            values.putIfAbsent(decodeComponent(name), decodeComponent(value));
        }
        return values;
    }

    /** Encodes name/value pairs in iteration order, skipping {@code null} values. */
    public static String encode(Map<String, ?> values) {
        StringJoiner joiner = new StringJoiner("&");
        values.forEach((name, value) -> {
            if (value != null) {
                joiner.add(encodeComponent(name) + "=" + encodeComponent(String.valueOf(value)));
            }
        });
        return joiner.toString();
    }

    public static String encodeComponent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String decodeComponent(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }
}
