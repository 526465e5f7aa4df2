package io.github.saasconnect.provider.example;

import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.PagingStyle;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderOption;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.RateLimitSignals;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A sixth provider, as small as one gets: an OAuth 2.0 forge with {@code Link} header paging and {@code Retry-After}
 * rate limits, one option, found by {@link java.util.ServiceLoader} through this test source set's
 * {@code META-INF/services}. It is the whole change a provider needs besides a sandbox: nothing in core, the
 * auto-configuration or another provider's package knows it.
 */
public final class ForgeProviderType implements ProviderType {

    public static final String NAME = "forge";

    static final ProviderOption HOST = ProviderOption.url(
            "host",
            "The forge's base URL; https://forge.example by "
                    + "default. OAuth lives under /oauth, the API under /api.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ProviderOption> options() {
        return List.of(HOST);
    }

    @Override
    public ProviderRegistration register(RegistrationSettings s) {
        s.requireKnownOptions(options());
        String host = s.option(HOST) != null ? s.option(HOST) : "https://forge.example";
        ProviderDescriptor descriptor = ProviderDescriptor.builder(NAME)
                .authorizationUri(
                        s.authorizationUri() != null ? s.authorizationUri() : URI.create(host + "/oauth/authorize"))
                .tokenUri(s.tokenUri() != null ? s.tokenUri() : URI.create(host + "/oauth/token"))
                .apiBaseUri(s.apiBaseUri() != null ? s.apiBaseUri() : URI.create(host + "/api"))
                .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
                .rotation(RefreshTokenRotation.STRICT)
                .refreshTokenLifetime(RefreshTokenLifetime.idle(Duration.ofDays(30)))
                .rateLimitSignals(RateLimitSignals.retryAfter("Forge 429"))
                .pagingStyle(PagingStyle.LINK_HEADER)
                .build();
        return new ProviderRegistration(
                s.id(), descriptor, s.clientId(), s.clientSecret(), s.scopes(), s.redirectUri(), s.refreshSkew());
    }
}
