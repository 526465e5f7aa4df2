package io.github.saasconnect.provider.bitbucket;

import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.PagingStyle;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.RateLimitSignals;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code bitbucket} type: Bitbucket Cloud's OAuth 2.0 consumers (not Bitbucket Data Center, and not Atlassian's
 * {@code auth.atlassian.com} 3LO). No options: scopes are the permissions ticked on the consumer.
 *
 * <p>PKCE ({@code S256}) is sent by default although Bitbucket Cloud does not document it (providers.md §5.2:
 * unverified; the Bitbucket CLI sends it too, as defence in depth beside the secret). Sending it costs nothing where it
 * is not implemented, since RFC 6749 §3.1 and §3.2 make servers ignore parameters they do not know, and binds the code
 * to this client's verifier where it is. {@code pkce: false} turns it off should a consumer ever refuse it.
 */
public final class BitbucketProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "bitbucket";

    static final URI AUTHORIZATION_URI = URI.create("https://bitbucket.org/site/oauth2/authorize");
    static final URI TOKEN_URI = URI.create("https://bitbucket.org/site/oauth2/access_token");
    /** The API host; paths start with the version ({@code /2.0/user}). */
    static final URI API_BASE_URI = URI.create("https://api.bitbucket.org");
    /** "Unused for 3 months", taken as 90 days. */
    static final Duration REFRESH_TOKEN_MAX_IDLE = Duration.ofDays(90);

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(2);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderRegistration register(RegistrationSettings s) {
        s.requireKnownOptions(options());
        ProviderDescriptor descriptor = ProviderDescriptor.builder(NAME)
                .authorizationUri(s.authorizationUri() != null ? s.authorizationUri() : AUTHORIZATION_URI)
                .tokenUri(s.tokenUri() != null ? s.tokenUri() : TOKEN_URI)
                .revocationUri(s.revocationUri())
                .apiBaseUri(s.apiBaseUri() != null ? s.apiBaseUri() : API_BASE_URI)
                .clientAuthentication(
                        s.clientAuthentication() != null
                                ? s.clientAuthentication()
                                : ClientAuthentication.CLIENT_SECRET_BASIC)
                .scopeDelimiters(" ", "\\s+")
                .authorizationParameters(s.authorizationParameters())
                .pkce(s.pkce() == null || s.pkce())
                .rotation(RefreshTokenRotation.ROTATES_WITH_GRACE_PERIOD)
                .refreshTokenLifetime(RefreshTokenLifetime.idle(REFRESH_TOKEN_MAX_IDLE))
                .defaultAccessTokenLifetime(ACCESS_TOKEN_LIFETIME)
                .accountDiscovery(new BitbucketAdapter())
                .accountIdentity(BitbucketAdapter.IDENTITY)
                // 429 without headers for OAuth consumers (providers.md §4.7): backoff, or Retry-After if one appears
                .rateLimitSignals(RateLimitSignals.retryAfter("Bitbucket 429"))
                .pagingStyle(PagingStyle.bodyLink("next", "values"))
                .build();
        return new ProviderRegistration(
                s.id(), descriptor, s.clientId(), s.clientSecret(), s.scopes(), s.redirectUri(), s.refreshSkew());
    }
}
