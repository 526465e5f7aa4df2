package io.github.saasconnect.security;

import io.github.saasconnect.event.ConnectionEvent;
import io.github.saasconnect.testkit.MutableClock;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.support.OAuth2RestClientHttpServiceGroupConfigurer;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServletOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * A plain Spring Security {@code oauth2Login} application with SaaS Connect and the bridge: each endpoint calls the
 * authorization server's UserInfo endpoint with the user's access token, one way Spring Security offers each.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ImportHttpServices(group = "sas", types = ClientApplication.UserInfoApi.class)
class ClientApplication {

    /** The server's OIDC UserInfo endpoint, as an HTTP service client. */
    interface UserInfoApi {

        @ClientRegistrationId("sas")
        @GetExchange("/userinfo")
        Map<String, Object> userInfo();
    }

    /** Every SaaS Connect event, for the tests to read. */
    static final class Events {

        final CopyOnWriteArrayList<ConnectionEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ConnectionEvent event) {
            seen.add(event);
        }
    }

    @Bean
    Events events() {
        return new Events();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http, ClientRegistrationRepository registrations) {
        // the test server requires PKCE from confidential clients as well
        DefaultOAuth2AuthorizationRequestResolver resolver =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .oauth2Login(login -> login.authorizationEndpoint(e -> e.authorizationRequestResolver(resolver)))
                .oauth2Client(client -> client.authorizationCodeGrant(g -> g.authorizationRequestResolver(resolver)));
        return http.build();
    }

    @Bean
    OAuth2RestClientHttpServiceGroupConfigurer httpServiceClients(OAuth2AuthorizedClientManager manager) {
        return OAuth2RestClientHttpServiceGroupConfigurer.from(manager);
    }

    @Bean
    Clock clock() {
        return MutableClock.startingNow();
    }

    @RestController
    static class Endpoints {

        private final RestClient rest;
        private final WebClient web;
        private final UserInfoApi api;

        Endpoints(
                OAuth2AuthorizedClientManager manager, UserInfoApi api, org.springframework.core.env.Environment env) {
            String issuer = env.getRequiredProperty("spring.security.oauth2.client.provider.sas.issuer-uri");
            this.rest = RestClient.builder()
                    .baseUrl(issuer)
                    .requestInterceptor(new OAuth2ClientHttpRequestInterceptor(manager))
                    .build();
            this.web = WebClient.builder()
                    .baseUrl(issuer)
                    .filter(new ServletOAuth2AuthorizedClientExchangeFilterFunction(manager))
                    .build();
            this.api = api;
        }

        @GetMapping("/annotated")
        String annotated(@RegisteredOAuth2AuthorizedClient("sas") OAuth2AuthorizedClient client) {
            return client.getAccessToken().getTokenValue();
        }

        @GetMapping("/rest")
        Map<?, ?> rest() {
            return rest.get()
                    .uri("/userinfo")
                    .attributes(RequestAttributeClientRegistrationIdResolver.clientRegistrationId("sas"))
                    .retrieve()
                    .body(Map.class);
        }

        @GetMapping("/webclient")
        Map<?, ?> webClient(Authentication user) {
            return web.get()
                    .uri("/userinfo")
                    .attributes(ServletOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("sas"))
                    .attributes(ServletOAuth2AuthorizedClientExchangeFilterFunction.authentication(user))
                    .retrieve()
                    .bodyToMono(Map.class)
                    .block();
        }

        @GetMapping("/service")
        Map<String, Object> service() {
            return api.userInfo();
        }
    }
}
