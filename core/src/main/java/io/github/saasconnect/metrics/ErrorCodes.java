package io.github.saasconnect.metrics;

import java.util.regex.Pattern;

/** Provider error codes made safe to show: the codes are data from the provider, so anything odd is not echoed. */
final class ErrorCodes {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private ErrorCodes() {
    }

    /** {@code code} when it looks like an OAuth error code, else {@code other}. */
    static String safe(String code) {
        return code != null && PLAIN.matcher(code).matches() ? code : "other";
    }
}
