package io.github.saasconnect.benchmarks;

import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import java.time.Instant;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * Spring Security's OAuth2 client as its users set it up for service-side use:
 * {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} over an {@link InMemoryOAuth2AuthorizedClientService},
 * with the refresh-token provider from {@code OAuth2AuthorizedClientProviderBuilder.builder().refreshToken()} and its
 * {@link RestClientRefreshTokenTokenResponseClient}. The only change from the defaults is the HTTP client: the JDK's,
 * which a servlet application without Reactor Netty gets (the default would pick Reactor Netty here, only because our
 * core puts it on this classpath, and its 16-connection pool would throttle the comparison).
 */
final class SpringSecurityContender {

    final InMemoryOAuth2AuthorizedClientService service;
    final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;
    final ClientRegistration registration;

    SpringSecurityContender(SandboxProvider provider) {
        registration = registration(provider);
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
        service = new InMemoryOAuth2AuthorizedClientService(registrations);
        manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, service);
        RestClientRefreshTokenTokenResponseClient tokens = new RestClientRefreshTokenTokenResponseClient();
        tokens.setRestClient(RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .configureMessageConverters(converters -> {
                    converters.addCustomConverter(new FormHttpMessageConverter());
                    converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .refreshToken(r -> r.accessTokenResponseClient(tokens))
                .build());
    }

    /** The sandbox's client as a Spring Security registration; the bridged contender uses the same. */
    static ClientRegistration registration(SandboxProvider provider) {
        return ClientRegistration.withRegistrationId(provider.registrationId())
                .clientId(SandboxProvider.CLIENT_ID)
                .clientSecret(SandboxProvider.CLIENT_SECRET)
                .clientAuthenticationMethod(
                        provider.clientAuthentication() == ClientAuthentication.CLIENT_SECRET_BASIC
                                ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC
                                : ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1/callback")
                .authorizationUri(
                        provider.registration.descriptor().authorizationUri().toString())
                .tokenUri(provider.tokenEndpoint().toString())
                .build();
    }

    /** Saves {@code seeded} for {@code principal} with an access token that expired a minute ago. */
    void saveExpired(String principal, SeededConnection seeded) {
        Instant now = Instant.now();
        OAuth2AccessToken access = new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER, seeded.accessToken(), now.minusSeconds(3660), now.minusSeconds(60));
        service.saveAuthorizedClient(
                new OAuth2AuthorizedClient(
                        registration,
                        principal,
                        access,
                        new OAuth2RefreshToken(seeded.refreshToken(), now.minusSeconds(3660))),
                new TestingAuthenticationToken(principal, "n/a"));
    }

    /** What a job does before an API call: the authorized client, refreshed when its access token expired. */
    OAuth2AccessToken accessToken(String principal) {
        OAuth2AuthorizedClient client =
                manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(registration.getRegistrationId())
                        .principal(principal)
                        .build());
        if (client == null) {
            throw new AuthorizedClientRemoved();
        }
        return client.getAccessToken();
    }

    /** The manager found no authorized client: a failure handler removed it, so the user must connect again. */
    static final class AuthorizedClientRemoved extends RuntimeException {
        AuthorizedClientRemoved() {
            super("no authorized client", null, false, false);
        }
    }

    /** The refresh token now saved for {@code principal}, or {@code null} when the client was removed. */
    String savedRefreshToken(String principal) {
        OAuth2AuthorizedClient client = service.loadAuthorizedClient(registration.getRegistrationId(), principal);
        return client == null || client.getRefreshToken() == null
                ? null
                : client.getRefreshToken().getTokenValue();
    }
}
