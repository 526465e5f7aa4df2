package io.github.saasconnect.testkit.sandbox.internal;

import java.util.Set;

/**
 * A provider's rules for its authorization endpoint, as data.
 *
 * @param responseTypeRequired whether {@code response_type=code} must be sent (GitHub does not take it)
 * @param redirectUriRequired whether {@code redirect_uri} must be sent
 * @param redirectPrefixMatch whether a {@code redirect_uri} may extend a registered one (Bitbucket) instead of
 *     equalling it
 * @param scopeRequired whether {@code scope} must be sent (Google)
 * @param commaSeparatedScopes whether commas also separate requested scopes (GitHub)
 * @param pkceMethods accepted {@code code_challenge_method} values
 * @param promptNoneError the error for {@code prompt=none} without a prior grant, or {@code null} when the provider
 *     has no {@code prompt=none}
 */
public record AuthorizationRules(
        boolean responseTypeRequired,
        boolean redirectUriRequired,
        boolean redirectPrefixMatch,
        boolean scopeRequired,
        boolean commaSeparatedScopes,
        Set<String> pkceMethods,
        String promptNoneError) {

    public AuthorizationRules {
        pkceMethods = Set.copyOf(pkceMethods);
    }
}
