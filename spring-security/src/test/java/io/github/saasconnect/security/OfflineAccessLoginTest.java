package io.github.saasconnect.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.autoconfigure.web.ConnectFlowAutoConfiguration;
import io.github.saasconnect.security.autoconfigure.SaasConnectSpringSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Logging in with a bridged Google registration asks for offline access (so the login is a connection with a refresh
 * token); nothing else changes: other registrations, unbridged Google, non-web applications and an application's own
 * resolver. The round trip against the Google sandbox is the sample's {@code SpringSecurityLoginBrowserTest}.
 */
class OfflineAccessLoginTest {

    private static final String SPRING = "spring.security.oauth2.client.registration.";

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SaasConnectStoreAutoConfiguration.class,
                    SaasConnectAutoConfiguration.class,
                    ConnectFlowAutoConfiguration.class,
                    SaasConnectSpringSecurityAutoConfiguration.class,
                    OAuth2ClientAutoConfiguration.class))
            .withPropertyValues(
                    "saas-connect.store.type=memory",
                    SPRING + "google.client-id=google-client",
                    SPRING + "google.client-secret=google-secret",
                    SPRING + "google.scope=openid,email,https://www.googleapis.com/auth/drive.readonly",
                    SPRING + "github.client-id=github-client",
                    SPRING + "github.client-secret=github-secret",
                    SPRING + "google-plain.client-id=plain-client",
                    SPRING + "google-plain.client-secret=plain-secret",
                    SPRING + "google-plain.provider=google");

    private final WebApplicationContextRunner bridged = web.withPropertyValues(
            "saas-connect.providers.drive.type=google",
            "saas-connect.providers.drive.from-spring-security=google",
            "saas-connect.providers.code.type=github",
            "saas-connect.providers.code.from-spring-security=github");

    @Test
    void theLoginOfABridgedGoogleRegistrationAsksForOfflineAccess() {
        bridged.run(ctx -> {
            OAuth2AuthorizationRequest login = resolve(ctx.getBean(OAuth2AuthorizationRequestResolver.class), "google");
            assertThat(login.getAdditionalParameters()).containsEntry("access_type", "offline");
            assertThat(login.getAuthorizationRequestUri()).contains("access_type=offline");
            // still Spring Security's request: its state, its redirect URI, OpenID Connect's nonce
            assertThat(login.getRedirectUri()).isEqualTo("http://localhost/login/oauth2/code/google");
            assertThat(login.getAdditionalParameters()).containsKey("nonce");
        });
    }

    @Test
    void otherRegistrationsAndUnbridgedGoogleAreLeftAsSpringSecurityMakesThem() {
        bridged.run(ctx -> {
            OAuth2AuthorizationRequestResolver resolver = ctx.getBean(OAuth2AuthorizationRequestResolver.class);
            assertThat(resolve(resolver, "github").getAdditionalParameters()).doesNotContainKey("access_type");
            assertThat(resolve(resolver, "google-plain").getAdditionalParameters())
                    .doesNotContainKey("access_type");
        });
    }

    @Test
    void withoutABridgedGoogleRegistrationSpringSecurityKeepsItsOwnResolver() {
        // oauth2Login prefers a resolver bean over its configured base URI, so none is made when it would change
        // nothing
        web.withPropertyValues(
                        "saas-connect.providers.code.type=github",
                        "saas-connect.providers.code.from-spring-security=github")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(OAuth2AuthorizationRequestResolver.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        ConnectFlowAutoConfiguration.class,
                        SaasConnectSpringSecurityAutoConfiguration.class,
                        OAuth2ClientAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        SPRING + "google.client-id=google-client",
                        SPRING + "google.client-secret=google-secret",
                        "saas-connect.providers.drive.type=google",
                        "saas-connect.providers.drive.from-spring-security=google")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(OAuth2AuthorizationRequestResolver.class));
    }

    @Test
    void theApplicationsOwnResolverWins() {
        OAuth2AuthorizationRequestResolver own = new OAuth2AuthorizationRequestResolver() {
            @Override
            public OAuth2AuthorizationRequest resolve(jakarta.servlet.http.HttpServletRequest request) {
                return null;
            }

            @Override
            public OAuth2AuthorizationRequest resolve(
                    jakarta.servlet.http.HttpServletRequest request, String clientRegistrationId) {
                return null;
            }
        };
        bridged.withBean(OAuth2AuthorizationRequestResolver.class, () -> own)
                .run(ctx -> assertThat(ctx.getBean(OAuth2AuthorizationRequestResolver.class))
                        .isSameAs(own));
    }

    private static OAuth2AuthorizationRequest resolve(OAuth2AuthorizationRequestResolver resolver, String id) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorization/" + id);
        request.setServletPath("/oauth2/authorization/" + id);
        OAuth2AuthorizationRequest login = resolver.resolve(request);
        assertThat(login).as("authorization request for %s", id).isNotNull();
        return login;
    }
}
