package io.github.saasconnect.provider.microsoft;

import io.github.saasconnect.provider.TokenErrorResponse;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AADSTS codes of a Microsoft error answer ({@code error_codes}, or the {@code AADSTSnnnnn:} prefixes of
 * {@code error_description} when that field is missing), with what the ones that matter to a background refresh
 * mean. Microsoft says to branch on {@code error}; these codes only refine the cause and the diagnostics.
 */
final class AadstsCodes {

    private static final Pattern IN_DESCRIPTION = Pattern.compile("AADSTS(\\d+)");

    /** What the codes we map mean, for messages and logs. */
    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(700082, "refresh token expired after 90 days of inactivity"),
            Map.entry(70008, "grant expired or revoked"),
            Map.entry(50173, "grant revoked by the user, an admin or a credential change"),
            Map.entry(
                    700084,
                    "refresh token of a SPA redirect URI reached its fixed 24-hour lifetime; register "
                            + "the redirect URI as Web, not SPA"),
            Map.entry(70043, "sign-in frequency (Conditional Access) ended the session"),
            Map.entry(50076, "multi-factor authentication required"),
            Map.entry(50079, "multi-factor authentication registration required"),
            Map.entry(50078, "multi-factor authentication expired"),
            Map.entry(53003, "blocked by Conditional Access"),
            Map.entry(65001, "the user or an admin has not consented"),
            Map.entry(54005, "authorization code already redeemed"),
            Map.entry(50196, "loop detected: tokens requested too often"),
            Map.entry(90055, "tenant throttling"),
            Map.entry(9001023, "grant type not allowed on /common or /consumers; set the tenant option"),
            Map.entry(
                    50194,
                    "the app is not multi-tenant, so /common is refused; set the tenant option to the "
                            + "tenant id or domain"),
            Map.entry(7000215, "invalid client secret"),
            Map.entry(7000222, "client secret expired; create a new one in the app registration"),
            Map.entry(
                    700025,
                    "public client sent a client secret; remove client-secret or register a " + "confidential client"));

    /** In the order Microsoft sent them. */
    private final Set<Integer> codes;

    private AadstsCodes(Set<Integer> codes) {
        this.codes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(codes));
    }

    /** The codes of {@code error}, in the order Microsoft sent them. */
    static AadstsCodes of(TokenErrorResponse error) {
        Set<Integer> found = new LinkedHashSet<>();
        String listed = error.field("error_codes");
        if (listed != null) {
            for (String part : listed.split("[,\\s\\[\\]]+")) {
                parse(part, found);
            }
        }
        if (found.isEmpty() && error.description() != null) {
            Matcher m = IN_DESCRIPTION.matcher(error.description());
            while (m.find()) {
                parse(m.group(1), found);
            }
        }
        return new AadstsCodes(found);
    }

    private static void parse(String digits, Set<Integer> into) {
        if (!digits.isBlank()) {
            try {
                into.add(Integer.parseInt(digits.strip()));
            } catch (NumberFormatException ignored) {
                // not a code; Microsoft sends integers, anything else is left out of diagnostics
            }
        }
    }

    /** Whether any of {@code wanted} is among the codes. */
    boolean any(int... wanted) {
        for (int code : wanted) {
            if (codes.contains(code)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return codes.isEmpty();
    }

    /** {@code error} with the codes appended: {@code invalid_grant/AADSTS700082}. */
    String qualify(String error) {
        if (codes.isEmpty()) {
            return error;
        }
        StringJoiner joined = new StringJoiner(",", error + "/", "");
        codes.forEach(code -> joined.add("AADSTS" + code));
        return joined.toString();
    }

    /** What the known codes mean, or {@code null} when none is known. */
    String meaning() {
        StringBuilder sb = new StringBuilder();
        for (Integer code : codes) {
            String meaning = MEANINGS.get(code);
            if (meaning != null) {
                sb.append(sb.isEmpty() ? "" : "; ")
                        .append("AADSTS")
                        .append(code)
                        .append(": ")
                        .append(meaning);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
