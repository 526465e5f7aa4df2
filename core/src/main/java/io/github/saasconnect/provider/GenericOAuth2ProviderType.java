package io.github.saasconnect.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code oauth2} type: any standards-compliant OAuth 2.0 provider, described by configuration alone.
 * Needs {@code authorization-uri} and {@code token-uri}; defaults to HTTP Basic client authentication, PKCE
 * on, and strict refresh-token rotation (the safe assumption when a provider's rule is unknown); its one option,
 * {@code rotation}, names the provider's rule instead.
 */
public final class GenericOAuth2ProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "oauth2";

    static final String ROTATION = "rotation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> options() {
        return Set.of(ROTATION);
    }

    @Override
    public ProviderRegistration register(RegistrationSettings s) {
        s.requireKnownOptions(options());
        ProviderDescriptor descriptor = new ProviderDescriptor(NAME,
                s.require(s.authorizationUri(), "authorization-uri"),
                s.require(s.tokenUri(), "token-uri"),
                s.revocationUri(),
                s.apiBaseUri(),
                s.clientAuthentication() == null ? ClientAuthentication.CLIENT_SECRET_BASIC : s.clientAuthentication(),
                " ", "[ ,]+", List.of(), s.authorizationParameters(),
                s.pkce() == null || s.pkce(),
                rotation(s),
                RefreshTokenLifetime.UNKNOWN,
                null);
        return new ProviderRegistration(s.id(), descriptor, ProviderAdapter.STANDARD, s.clientId(), s.clientSecret(),
                s.scopes(), s.redirectUri(), s.refreshSkew());
    }

    private static RefreshTokenRotation rotation(RegistrationSettings s) {
        List<String> allowed = Arrays.stream(RefreshTokenRotation.values())
                .map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        String choice = s.optionChoice(ROTATION, "strict", allowed);
        return RefreshTokenRotation.valueOf(choice.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
