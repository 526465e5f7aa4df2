package io.github.saasconnect.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.autoconfigure.sas.AuthorizationServerFixture;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.event.ConnectionConnectedEvent;
import io.github.saasconnect.event.ConnectionRecoveredEvent;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributePrincipalResolver;
import org.springframework.web.client.RestClient;

/**
 * The bridge end to end: a plain Spring Security {@code oauth2Login} application, its registration taken from
 * {@code spring.security.oauth2.client.*} with {@code issuer-uri} discovery, against a real Spring Authorization Server
 * that rotates refresh tokens ({@code reuseRefreshTokens(false)}). The login lands in SaaS Connect's store; each of
 * Spring Security's clients, once the access token expired (the application's clock moved on), refreshes once and the
 * rotated refresh token is what the store keeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeAgainstSpringAuthorizationServerTest {

    private static final ConnectionId USER = ConnectionId.of("sas", AuthorizationServerFixture.USERNAME);

    private AuthorizationServerFixture sas;
    private ConfigurableApplicationContext app;
    private Browser browser;
    private MutableClock clock;
    private TokenStore store;

    @BeforeAll
    void start() {
        sas = AuthorizationServerFixture.builder()
                .redirectUri("http://127.0.0.1/login/oauth2/code/sas")
                .accessTokenTimeToLive(Duration.ofMinutes(5))
                .start();
        app = new SpringApplicationBuilder(ClientApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(
                        "--server.address=127.0.0.1",
                        "--server.port=0",
                        "--spring.config.name=saas-connect-bridge-client",
                        "--spring.jmx.enabled=false",
                        "--spring.main.banner-mode=off",
                        "--spring.security.oauth2.client.registration.sas.client-id=" + sas.clientId(),
                        "--spring.security.oauth2.client.registration.sas.client-secret=" + sas.clientSecret(),
                        "--spring.security.oauth2.client.registration.sas.scope=openid,profile,read",
                        // one callback for login and for authorizing again (the server knows one path)
                        "--spring.security.oauth2.client.registration.sas.redirect-uri={baseUrl}/login/oauth2/code/sas",
                        "--spring.security.oauth2.client.provider.sas.issuer-uri=" + sas.issuer(),
                        "--spring.http.serviceclient.sas.base-url=" + sas.issuer(),
                        "--saas-connect.store.type=memory",
                        "--saas-connect.providers.sas.type=oauth2",
                        "--saas-connect.providers.sas.from-spring-security=sas");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        browser = new Browser(URI.create("http://127.0.0.1:" + port), sas.userAgent());
        clock = app.getBean(MutableClock.class);
        store = app.getBean(TokenStore.class);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        sas.close();
    }

    @Test
    @Order(1)
    void theBridgeServesSpringSecurity() {
        assertThat(app.getBean(OAuth2AuthorizedClientService.class))
                .isInstanceOf(SaasConnectOAuth2AuthorizedClientService.class);
        assertThat(app.getBean(OAuth2AuthorizedClientManager.class))
                .isInstanceOf(SaasConnectOAuth2AuthorizedClientManager.class);
    }

    @Test
    @Order(2)
    void oauth2LoginStoresTheTokensAsTheUsersConnection() {
        browser.logInThrough("/annotated");

        ConnectionRecord record = stored();
        assertThat(record.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(record.refreshToken()).isNotNull();
        assertThat(record.scopes()).contains("read");
        assertThat(events(ConnectionConnectedEvent.class))
                .extracting(e -> e.connection())
                .containsExactly(USER);
        // no token request beyond the login's code exchange
        assertThat(sas.tokenRequestCount()).isEqualTo(1);
        HttpResponse<String> annotated = browser.get("/annotated");
        assertThat(annotated.statusCode()).isEqualTo(200);
        assertThat(annotated.body()).isEqualTo(record.accessToken().reveal());
        assertThat(sas.tokenRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @Order(3)
    @ValueSource(strings = {"/annotated", "/rest", "/webclient", "/service"})
    void eachClientRefreshesOnceAfterExpiryAndTheRotatedRefreshTokenIsStored(String endpoint) {
        ConnectionRecord before = stored();
        clock.advance(Duration.ofMinutes(6));
        int requests = sas.tokenRequestCount();

        HttpResponse<String> first = browser.get(endpoint);
        HttpResponse<String> second = browser.get(endpoint);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        if (!endpoint.equals("/annotated")) {
            // the resource server (the server's UserInfo endpoint) took the refreshed token
            assertThat(first.body()).contains("\"sub\":\"" + AuthorizationServerFixture.USERNAME + "\"");
        }
        assertThat(sas.tokenRequestCount() - requests).isEqualTo(1);
        ConnectionRecord after = stored();
        assertThat(after.refreshToken().sameAs(before.refreshToken())).isFalse();
        assertThat(after.accessToken().sameAs(before.accessToken())).isFalse();
        assertThat(after.generation()).isEqualTo(before.generation());
    }

    @Test
    @Order(4)
    void fiftyConcurrentAuthorizationsAfterExpirySendOneTokenRequest() throws Exception {
        OAuth2AuthorizedClientManager manager = app.getBean(OAuth2AuthorizedClientManager.class);
        clock.advance(Duration.ofMinutes(6));
        sas.tokenEndpointLatency(Duration.ofMillis(300));
        int requests = sas.tokenRequestCount();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<OAuth2AuthorizedClient>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    // a scheduled job: no request, no security context; the principal is the connection's owner
                    return manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("sas")
                            .principal(USER.owner())
                            .build());
                }));
            }
            go.countDown();
            Set<String> tokens = new java.util.HashSet<>();
            for (Future<OAuth2AuthorizedClient> call : calls) {
                tokens.add(call.get(30, TimeUnit.SECONDS).getAccessToken().getTokenValue());
            }
            assertThat(tokens).hasSize(1);
            assertThat(sas.tokenRequestCount() - requests).isEqualTo(1);
            assertThat(tokens).containsExactly(stored().accessToken().reveal());
        } finally {
            sas.tokenEndpointLatency(Duration.ZERO);
            pool.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void aRestClientOutsideAnyRequestCallsForTheConnectionsOwner() {
        OAuth2ClientHttpRequestInterceptor interceptor =
                new OAuth2ClientHttpRequestInterceptor(app.getBean(OAuth2AuthorizedClientManager.class));
        interceptor.setPrincipalResolver(new RequestAttributePrincipalResolver());
        RestClient rest = RestClient.builder()
                .baseUrl(sas.issuer().toString())
                .requestInterceptor(interceptor)
                .build();
        clock.advance(Duration.ofMinutes(6));
        int requests = sas.tokenRequestCount();

        Map<String, Object> userInfo = rest.get()
                .uri("/userinfo")
                .attributes(RequestAttributeClientRegistrationIdResolver.clientRegistrationId("sas"))
                .attributes(RequestAttributePrincipalResolver.principal(USER.owner()))
                .retrieve()
                .body(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {});

        assertThat(userInfo).containsEntry("sub", AuthorizationServerFixture.USERNAME);
        assertThat(sas.tokenRequestCount() - requests).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aDeadGrantPublishesTheEventAndSendsTheBrowserToAuthorizeAgain() {
        VersionedRecord current = store.read(USER).block();
        ConnectionRecord revoked =
                current.record().withRefreshToken(Secret.of("a-refresh-token-the-server-never-issued"), null);
        store.write(revoked, current.version()).block();
        clock.advance(Duration.ofMinutes(6));
        OAuth2AuthorizedClientManager manager = app.getBean(OAuth2AuthorizedClientManager.class);

        assertThatThrownBy(() -> manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("sas")
                        .principal(USER.owner())
                        .build()))
                .isInstanceOf(ClientAuthorizationRequiredException.class)
                .hasCauseInstanceOf(ReauthorizationRequiredException.class);
        assertThat(events(ReauthorizationRequiredEvent.class))
                .extracting(e -> e.connection())
                .containsExactly(USER);
        assertThat(stored().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        // Spring Security's own machinery sends the browser to authorize again, and the new grant recovers the
        // connection
        URI again = Browser.redirect(browser.get("/annotated"));
        assertThat(again.toString()).startsWith(sas.authorizationEndpoint().toString());
        browser.approve(again);
        assertThat(stored().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(events(ConnectionRecoveredEvent.class))
                .extracting(e -> e.connection())
                .containsExactly(USER);
        assertThat(browser.get("/annotated").body())
                .isEqualTo(stored().accessToken().reveal());
    }

    private ConnectionRecord stored() {
        return store.read(USER).block().record();
    }

    private <T> List<T> events(Class<T> type) {
        return app.getBean(ClientApplication.Events.class).seen.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }
}
