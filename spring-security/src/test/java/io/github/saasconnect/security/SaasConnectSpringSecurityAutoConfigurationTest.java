package io.github.saasconnect.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.ImportedClientSettings;
import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.autoconfigure.web.ConnectFlowAutoConfiguration;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.security.autoconfigure.SaasConnectSpringSecurityAutoConfiguration;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * What the bridge's auto-configuration makes of Spring Security's client registrations, what it leaves alone, and
 * how bad input stops startup.
 */
class SaasConnectSpringSecurityAutoConfigurationTest {

    private static final String ACME = "spring.security.oauth2.client.registration.acme.";

    /** Spring Security's registrations and SaaS Connect, no registration of ours yet. */
    private final ApplicationContextRunner plain = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SaasConnectStoreAutoConfiguration.class,
                    SaasConnectAutoConfiguration.class,
                    ConnectFlowAutoConfiguration.class,
                    SaasConnectSpringSecurityAutoConfiguration.class,
                    OAuth2ClientAutoConfiguration.class))
            .withPropertyValues(
                    "saas-connect.store.type=memory",
                    ACME + "client-id=acme-client",
                    ACME + "client-secret=acme-secret",
                    ACME + "authorization-grant-type=authorization_code",
                    ACME + "client-authentication-method=client_secret_post",
                    ACME + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
                    ACME + "scope=read,write",
                    "spring.security.oauth2.client.provider.acme.authorization-uri=https://login.acme.test/authorize",
                    "spring.security.oauth2.client.provider.acme.token-uri=https://login.acme.test/token",
                    "spring.security.oauth2.client.registration.other.client-id=other-client",
                    "spring.security.oauth2.client.registration.other.client-secret=other-secret",
                    "spring.security.oauth2.client.registration.other.authorization-grant-type=client_credentials",
                    "spring.security.oauth2.client.provider.other.token-uri=https://login.other.test/token");

    private final ApplicationContextRunner runner = plain.withPropertyValues(
            "saas-connect.providers.crm.type=oauth2", "saas-connect.providers.crm.from-spring-security=acme");

    @Test
    void theRegistrationTakesItsClientAndEndpointsFromSpringSecurity() {
        runner.run(ctx -> {
            ProviderRegistration crm = ctx.getBean(ProviderRegistry.class).get("crm");
            assertThat(crm.clientId()).isEqualTo("acme-client");
            assertThat(crm.clientSecret().reveal()).isEqualTo("acme-secret");
            assertThat(crm.descriptor().tokenUri()).isEqualTo(URI.create("https://login.acme.test/token"));
            assertThat(crm.descriptor().authorizationUri()).isEqualTo(URI.create("https://login.acme.test/authorize"));
            assertThat(crm.scopes()).contains("read", "write");
            assertThat(ctx.getBean(OAuth2AuthorizedClientService.class))
                    .isInstanceOf(SaasConnectOAuth2AuthorizedClientService.class);
            assertThat(ctx.getBean(OAuth2AuthorizedClientManager.class))
                    .isInstanceOf(SaasConnectOAuth2AuthorizedClientManager.class);
        });
    }

    @Test
    void aCommonOAuth2ProviderPresetFeedsOurProviderTypeOfTheSameName() {
        runner.withPropertyValues(
                        "spring.security.oauth2.client.registration.google.client-id=google-client",
                        "spring.security.oauth2.client.registration.google.client-secret=google-secret",
                        "saas-connect.providers.google.type=google",
                        "saas-connect.providers.google.from-spring-security=google")
                .run(ctx -> {
                    ProviderRegistration google =
                            ctx.getBean(ProviderRegistry.class).get("google");
                    assertThat(google.clientId()).isEqualTo("google-client");
                    assertThat(google.descriptor().type()).isEqualTo("google");
                    // the preset's endpoint, as Spring Security's login uses it
                    assertThat(google.descriptor().tokenUri())
                            .isEqualTo(URI.create("https://www.googleapis.com/oauth2/v4/token"));
                });
    }

    @Test
    void aLoginLandsInTheStoreAndAuthorizeServesItsTokenWithoutTheProvider() {
        runner.run(ctx -> {
            ClientRegistration acme =
                    ctx.getBean(ClientRegistrationRepository.class).findByRegistrationId("acme");
            OAuth2AuthorizedClient login = new OAuth2AuthorizedClient(
                    acme,
                    "alice",
                    accessToken("access-1"),
                    new org.springframework.security.oauth2.core.OAuth2RefreshToken("refresh-1", Instant.now()));
            ctx.getBean(OAuth2AuthorizedClientService.class)
                    .saveAuthorizedClient(login, new TestingAuthenticationToken("alice", "n/a", "ROLE_USER"));

            ConnectionRecord stored = ctx.getBean(TokenStore.class)
                    .read(ConnectionId.of("crm", "alice"))
                    .block()
                    .record();
            assertThat(stored.refreshToken().reveal()).isEqualTo("refresh-1");
            OAuth2AuthorizedClient loaded =
                    ctx.getBean(OAuth2AuthorizedClientService.class).loadAuthorizedClient("acme", "alice");
            assertThat(loaded.getAccessToken().getTokenValue()).isEqualTo("access-1");
            assertThat(loaded.getRefreshToken())
                    .as("the refresh token stays in the store")
                    .isNull();
            OAuth2AuthorizedClient authorized = ctx.getBean(OAuth2AuthorizedClientManager.class)
                    .authorize(OAuth2AuthorizeRequest.withClientRegistrationId("acme")
                            .principal("alice")
                            .build());
            assertThat(authorized.getAccessToken().getTokenValue()).isEqualTo("access-1");
            assertThat(authorized.getPrincipalName()).isEqualTo("alice");
        });
    }

    @Test
    void removingTheAuthorizedClientForgetsTheAccessTokenButKeepsTheConnection() {
        runner.run(ctx -> {
            connect(ctx.getBean(io.github.saasconnect.connect.ConnectFlow.class), "crm", "alice");
            ctx.getBean(OAuth2AuthorizedClientService.class).removeAuthorizedClient("acme", "alice");
            assertThat(ctx.getBean(TokenStore.class)
                            .read(ConnectionId.of("crm", "alice"))
                            .block())
                    .isNotNull();
        });
    }

    @Test
    void withoutAConnectionAuthorizeAsksForAuthorization() {
        runner.run(ctx -> assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> ctx.getBean(OAuth2AuthorizedClientManager.class)
                                .authorize(OAuth2AuthorizeRequest.withClientRegistrationId("acme")
                                        .principal("nobody")
                                        .build())))
                .isInstanceOf(ClientAuthorizationRequiredException.class));
    }

    @Test
    void registrationsWeDoNotServeStayWithSpringSecurity() {
        runner.run(ctx -> {
            ClientRegistration other =
                    ctx.getBean(ClientRegistrationRepository.class).findByRegistrationId("other");
            OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(other, "svc", accessToken("app-token"));
            OAuth2AuthorizedClientService service = ctx.getBean(OAuth2AuthorizedClientService.class);
            service.saveAuthorizedClient(client, new TestingAuthenticationToken("svc", "n/a"));

            assertThat(service.<OAuth2AuthorizedClient>loadAuthorizedClient("other", "svc")
                            .getAccessToken()
                            .getTokenValue())
                    .isEqualTo("app-token");
            assertThat(ctx.getBean(TokenStore.class)
                            .list("crm", null, 10)
                            .block()
                            .records())
                    .isEmpty();
        });
    }

    @Test
    void withoutSpringSecuritysOAuth2ClientNothingOfTheBridgeLoads() {
        plain.withClassLoader(new FilteredClassLoader(ClientRegistration.class))
                .withPropertyValues(
                        "saas-connect.providers.crm.type=oauth2",
                        "saas-connect.providers.crm.client-id=direct",
                        "saas-connect.providers.crm.authorization-uri=https://login.acme.test/authorize",
                        "saas-connect.providers.crm.token-uri=https://login.acme.test/token")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx)
                            .doesNotHaveBean(ImportedClientSettings.class)
                            .doesNotHaveBean(ConnectionAuthorizedClients.class)
                            .doesNotHaveBean(BridgedRegistrations.class)
                            .hasSingleBean(TokenManager.class);
                });
    }

    @Test
    void namingSpringSecurityWithoutTheBridgeStopsStartupNamingTheModule() {
        runner.withClassLoader(new FilteredClassLoader(ClientRegistration.class))
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(InvalidSaasConnectConfigurationException.class, e -> {
                            assertThat(e.property()).isEqualTo("saas-connect.providers.crm.from-spring-security");
                            assertThat(e.action()).contains("saas-connect-spring-security");
                        }));
    }

    @Test
    void theApplicationsOwnManagerAndServiceWin() {
        OAuth2AuthorizedClientManager own = request -> null;
        runner.withBean(OAuth2AuthorizedClientManager.class, () -> own)
                .withBean(
                        OAuth2AuthorizedClientService.class,
                        () -> new InMemoryOAuth2AuthorizedClientService(registrationId -> null))
                .run(ctx -> {
                    assertThat(ctx.getBean(OAuth2AuthorizedClientManager.class)).isSameAs(own);
                    assertThat(ctx.getBean(OAuth2AuthorizedClientService.class))
                            .isInstanceOf(InMemoryOAuth2AuthorizedClientService.class);
                });
    }

    @Test
    void anUnknownSpringSecurityRegistrationStopsStartupNamingTheProperty() {
        failsNaming(
                "saas-connect.providers.crm.from-spring-security",
                e -> assertThat(e).hasMessageContaining("no client registration 'acmee'"),
                "saas-connect.providers.crm.from-spring-security=acmee");
    }

    @Test
    void aGrantTypeWeCannotServeStopsStartupNamingTheProperty() {
        failsNaming(
                "saas-connect.providers.crm.from-spring-security",
                e -> assertThat(e).hasMessageContaining("client_credentials"),
                "saas-connect.providers.crm.from-spring-security=other");
    }

    @Test
    void aSecondClientIdBesideSpringSecuritysStopsStartup() {
        failsNaming(
                "saas-connect.providers.crm.client-id",
                e -> assertThat(e.action()).contains(ACME + "client-id"),
                "saas-connect.providers.crm.client-id=another");
    }

    @Test
    void twoRegistrationsTakingTheSameSpringSecurityOneStopStartup() {
        failsNaming(
                "saas-connect.providers.crm2.from-spring-security",
                e -> assertThat(e).hasMessageContaining("'crm'"),
                "saas-connect.providers.crm2.type=oauth2",
                "saas-connect.providers.crm2.from-spring-security=acme");
    }

    @Test
    void aReactiveApplicationGetsTheReactiveTwins() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        ConnectFlowAutoConfiguration.class,
                        SaasConnectSpringSecurityAutoConfiguration.class,
                        OAuth2ClientAutoConfiguration.class,
                        ReactiveOAuth2ClientAutoConfiguration.class))
                .withPropertyValues(runnerProperties())
                .run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(OAuth2AuthorizedClientManager.class);
                    assertThat(ctx.getBean(ReactiveOAuth2AuthorizedClientService.class))
                            .isInstanceOf(SaasConnectReactiveOAuth2AuthorizedClientService.class);
                    ReactiveOAuth2AuthorizedClientManager manager =
                            ctx.getBean(ReactiveOAuth2AuthorizedClientManager.class);
                    assertThat(manager).isInstanceOf(SaasConnectReactiveOAuth2AuthorizedClientManager.class);
                    connect(ctx.getBean(io.github.saasconnect.connect.ConnectFlow.class), "crm", "alice");
                    OAuth2AuthorizedClient client = manager.authorize(
                                    OAuth2AuthorizeRequest.withClientRegistrationId("acme")
                                            .principal("alice")
                                            .build())
                            .block();
                    assertThat(client.getAccessToken().getTokenValue()).isEqualTo("access-alice");
                    assertThat(org.assertj.core.api.Assertions.catchThrowable(
                                    () -> manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("acme")
                                                    .principal("bob")
                                                    .build())
                                            .block()))
                            .isInstanceOf(ClientAuthorizationRequiredException.class);
                });
    }

    private static OAuth2AccessToken accessToken(String value) {
        Instant now = Instant.now();
        return new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER, value, now, now.plus(1, ChronoUnit.HOURS), Set.of("read"));
    }

    private String[] runnerProperties() {
        return new String[] {
            "saas-connect.store.type=memory",
            ACME + "client-id=acme-client",
            ACME + "client-secret=acme-secret",
            ACME + "authorization-grant-type=authorization_code",
            ACME + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
            "spring.security.oauth2.client.provider.acme.authorization-uri=https://login.acme.test/authorize",
            "spring.security.oauth2.client.provider.acme.token-uri=https://login.acme.test/token",
            "saas-connect.providers.crm.type=oauth2",
            "saas-connect.providers.crm.from-spring-security=acme"
        };
    }

    private static void connect(io.github.saasconnect.connect.ConnectFlow flow, String registration, String owner) {
        flow.adopt(
                        registration,
                        owner,
                        new TokenSet(
                                Secret.of("access-" + owner),
                                Instant.now().plus(1, ChronoUnit.HOURS),
                                "Bearer",
                                Secret.of("refresh-" + owner),
                                null,
                                Set.of("read"),
                                null,
                                Map.of()))
                .block();
    }

    private void failsNaming(
            String property, Consumer<InvalidSaasConnectConfigurationException> more, String... properties) {
        runner.withPropertyValues(properties)
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(InvalidSaasConnectConfigurationException.class, e -> {
                            assertThat(e.property()).isEqualTo(property);
                            more.accept(e);
                        }));
    }
}
