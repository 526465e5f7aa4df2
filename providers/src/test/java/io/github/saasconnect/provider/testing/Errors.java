package io.github.saasconnect.provider.testing;

import io.github.saasconnect.provider.TokenErrorResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Token-endpoint error answers as the reader hands them to {@code adapter.classify}. */
public final class Errors {

    private Errors() {}

    public static TokenErrorResponse error(int status, String error, String description, String... extra) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < extra.length; i += 2) {
            fields.put(extra[i], extra[i + 1]);
        }
        return new TokenErrorResponse(status, error, description, null, fields, null);
    }
}
