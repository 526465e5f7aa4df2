package io.github.saasconnect.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.sas.AuthorizationResponse;
import io.github.saasconnect.autoconfigure.sas.AuthorizationServerFixture;
import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The bridge end to end on WebFlux: a reactive application's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}
 * over the bridge's reactive manager, against a real Spring Authorization Server that rotates refresh tokens. Once the
 * access token expired (the application's clock moved on), calls refresh once and the rotated refresh token is what
 * the store keeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactiveBridgeAgainstSpringAuthorizationServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ConnectionId USER = ConnectionId.of("sas", AuthorizationServerFixture.USERNAME);

    private AuthorizationServerFixture sas;
    private ConfigurableApplicationContext app;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ReactiveClientApplication {

        @Bean
        Clock clock() {
            return MutableClock.startingNow();
        }
    }

    @BeforeAll
    void start() {
        sas = AuthorizationServerFixture.builder()
                .redirectUri("http://127.0.0.1/login/oauth2/code/sas")
                .accessTokenTimeToLive(Duration.ofMinutes(5))
                .start();
        app = new SpringApplicationBuilder(ReactiveClientApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run(
                        "--server.address=127.0.0.1",
                        "--server.port=0",
                        "--spring.jmx.enabled=false",
                        "--spring.main.banner-mode=off",
                        "--spring.security.oauth2.client.registration.sas.client-id=" + sas.clientId(),
                        "--spring.security.oauth2.client.registration.sas.client-secret=" + sas.clientSecret(),
                        "--spring.security.oauth2.client.registration.sas.scope=openid,profile,read",
                        "--spring.security.oauth2.client.registration.sas.redirect-uri="
                                + "http://127.0.0.1/login/oauth2/code/sas",
                        "--spring.security.oauth2.client.provider.sas.issuer-uri=" + sas.issuer(),
                        "--saas-connect.store.type=memory",
                        "--saas-connect.providers.sas.type=oauth2",
                        "--saas-connect.providers.sas.from-spring-security=sas");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        sas.close();
    }

    @Test
    void anExpiredAccessTokenIsRefreshedOnceThroughTheFilterFunctionAndTheRotatedRefreshTokenStored() {
        connect();
        ReactiveOAuth2AuthorizedClientManager manager = app.getBean(ReactiveOAuth2AuthorizedClientManager.class);
        assertThat(manager).isInstanceOf(SaasConnectReactiveOAuth2AuthorizedClientManager.class);
        ServerOAuth2AuthorizedClientExchangeFilterFunction oauth2 =
                new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager);
        oauth2.setDefaultClientRegistrationId("sas");
        WebClient web = WebClient.builder()
                .baseUrl(sas.issuer().toString())
                .filter(oauth2)
                .build();
        ConnectionRecord before = stored();
        app.getBean(MutableClock.class).advance(Duration.ofMinutes(6));
        int requests = sas.tokenRequestCount();

        List<Map<String, Object>> answers = List.of(userInfo(web), userInfo(web));

        assertThat(answers).allSatisfy(a -> assertThat(a).containsEntry("sub", AuthorizationServerFixture.USERNAME));
        assertThat(sas.tokenRequestCount() - requests)
                .as("one refresh for both calls")
                .isEqualTo(1);
        ConnectionRecord after = stored();
        assertThat(after.refreshToken().sameAs(before.refreshToken()))
                .as("the server rotated the refresh token; the store keeps the new one")
                .isFalse();
        assertThat(after.accessToken().sameAs(before.accessToken())).isFalse();
        assertThat(after.generation()).isEqualTo(before.generation());
    }

    /** Connects the user through the connect flow and the server's consent page, no browser. */
    private void connect() {
        ConnectFlow flow = app.getBean(ConnectFlow.class);
        ConnectRedirect redirect = flow.start(
                        "sas", USER.owner(), null, java.net.URI.create("http://127.0.0.1/login/oauth2/code/sas"))
                .block(TIMEOUT);
        AuthorizationResponse response = sas.userAgent().approve(redirect.location());
        flow.complete("sas", USER.owner(), AuthorizationCallback.ofCode(response.state(), response.code()))
                .block(TIMEOUT);
        assertThat(stored().refreshToken()).isNotNull();
    }

    private Map<String, Object> userInfo(WebClient web) {
        return web.get()
                .uri("/userinfo")
                .retrieve()
                .bodyToMono(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                // no request: the principal is the connection's owner, as in a scheduled job
                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(
                        new TestingAuthenticationToken(USER.owner(), null, "ROLE_USER")))
                .block(TIMEOUT);
    }

    private ConnectionRecord stored() {
        return app.getBean(TokenStore.class).read(USER).block(TIMEOUT).record();
    }
}
