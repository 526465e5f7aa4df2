package io.github.saasconnect.provider.google;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Compares the scopes asked for with the ones Google granted. Google answers the short OpenID Connect names
 * {@code email} and {@code profile} with their long {@code userinfo.*} URLs, so both spellings count as one scope.
 */
final class GoogleScopes {

    private static final String USERINFO = "https://www.googleapis.com/auth/userinfo.";
    private static final Map<String, String> SHORT_NAMES = Map.of(
            USERINFO + "email", "email",
            USERINFO + "profile", "profile");
    private static final Set<String> BASIC_PROFILE = Set.of("openid", "email", "profile");

    private GoogleScopes() {}

    /** The requested scopes that are not among the granted ones, in request order. */
    static Set<String> missing(Collection<String> requested, Collection<String> granted) {
        Set<String> have = new LinkedHashSet<>();
        granted.forEach(scope -> have.add(canonical(scope)));
        Set<String> missing = new LinkedHashSet<>();
        for (String scope : requested) {
            if (!have.contains(canonical(scope))) {
                missing.add(scope);
            }
        }
        return missing;
    }

    /**
     * Whether {@code scopes} ask for nothing beyond sign-in ({@code openid}, {@code email}, {@code profile}): the
     * grants whose refresh tokens Google does not limit to 7 days while the consent screen is in Testing.
     */
    static boolean onlyBasicProfile(Collection<String> scopes) {
        return scopes.stream().map(GoogleScopes::canonical).allMatch(BASIC_PROFILE::contains);
    }

    private static String canonical(String scope) {
        return SHORT_NAMES.getOrDefault(scope, scope);
    }
}
