package io.github.saasconnect.observation;

import java.util.regex.Pattern;

/** Provider error codes made safe to show: the codes are data from the provider, so anything odd is not echoed. */
final class ErrorCodes {

    /**
     * An OAuth error code, optionally qualified by the provider's own codes as the adapters write it
     * ({@code invalid_client/AADSTS7000215}, {@code invalid_grant/AADSTS50173,AADSTS70008}).
     */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:-]{1,64}(/[A-Za-z0-9_.:,-]{1,64})?");

    private ErrorCodes() {}

    /**
     * {@code code} when it looks like an OAuth error code (qualified or not), else its OAuth part when that does (a
     * qualification too long to show), else {@code other}.
     */
    static String safe(String code) {
        if (code == null) {
            return "other";
        }
        if (PLAIN.matcher(code).matches()) {
            return code;
        }
        int slash = code.indexOf('/');
        return slash > 0 && PLAIN.matcher(code.substring(0, slash)).matches() ? code.substring(0, slash) : "other";
    }
}
