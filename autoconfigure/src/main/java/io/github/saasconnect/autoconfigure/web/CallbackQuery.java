package io.github.saasconnect.autoconfigure.web;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The callback's query as it may be shown: the provider's {@code code} and our {@code state} are one-time secrets, so
 * the servlet container's and the framework's request logs must see them replaced.
 */
final class CallbackQuery {

    static final String REDACTED = "REDACTED";

    private static final Pattern SECRET_PARAMETER = Pattern.compile("(^|&)(code|state)=[^&]*");

    private final String callbackPrefix;

    /** For the callbacks under {@code basePath} (as configured). */
    CallbackQuery(String basePath) {
        this.callbackPrefix = ConnectEndpoints.basePath(basePath) + "/callback/";
    }

    /** Whether {@code path} (without the context path) is one of our callbacks. */
    boolean isCallback(String path) {
        return path.startsWith(callbackPrefix);
    }

    /** {@code rawQuery} with the values of {@code code} and {@code state} replaced; {@code null} stays null. */
    static @Nullable String redact(@Nullable String rawQuery) {
        return rawQuery == null ? null : SECRET_PARAMETER.matcher(rawQuery).replaceAll("$1$2=" + REDACTED);
    }
}
