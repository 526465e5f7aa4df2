package io.github.saasconnect.sample;

import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.ConsentMode;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketSandbox;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the {@code sandbox} profile: starts the test kit's five provider sandboxes on loopback ports, with real
 * consent pages, and points the registrations {@code google}, {@code microsoft}, {@code github},
 * {@code docusign} and {@code bitbucket} at them. Each registration uses its real provider type; only the
 * endpoints are overridden; with the {@code spring-security} profile, Google's client and endpoints go to Spring
 * Security's registration {@code google} instead, which SaaS Connect's takes them from. The GitHub sandbox also plays the GitHub App of registration {@code github-app}, installed
 * on {@link #APP_ACCOUNTS}. The sandboxes stop with the application.
 */
public final class SandboxProviders implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The profile that turns the sandboxes on. */
    public static final String PROFILE = "sandbox";

    /** The accounts the sandbox's GitHub App is installed on. */
    static final List<String> APP_ACCOUNTS = List.of("acme-corp", "globex", "initech");

    private static final Logger log = LoggerFactory.getLogger(SandboxProviders.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!context.getEnvironment().acceptsProfiles(Profiles.of(PROFILE))) {
            return;
        }
        SandboxOptions options = SandboxOptions.defaults().withConsentMode(ConsentMode.FORM);
        List<ProviderSandbox> started = new ArrayList<>();
        Map<String, Object> p = new LinkedHashMap<>();

        GoogleSandbox google = start(started, GoogleSandbox.start(options));
        if (context.getEnvironment().acceptsProfiles(Profiles.of(OAuth2LoginConfiguration.PROFILE))) {
            springSecurityGoogle(p, google);
        } else {
            client(p, "google", "google", google);
            p.put(
                    "saas-connect.providers.google.authorization-uri",
                    google.authorizationEndpoint().toString());
            p.put(
                    "saas-connect.providers.google.token-uri",
                    google.tokenEndpoint().toString());
            p.put(
                    "saas-connect.providers.google.scopes",
                    "openid,email,https://www.googleapis.com/auth/drive.readonly");
        }
        p.put(
                "saas-connect.providers.google.revocation-uri",
                google.revocationEndpoint().toString());
        p.put("saas-connect.providers.google.api-base-uri", google.baseUrl().toString());
        p.put("saas-connect.providers.google.options.issuer", google.issuer());

        MicrosoftSandbox microsoft = start(started, MicrosoftSandbox.start(options));
        client(p, "microsoft", "microsoft", microsoft);
        p.put("saas-connect.providers.microsoft.tenant", "common");
        p.put(
                "saas-connect.providers.microsoft.options.authority-host",
                microsoft.baseUrl().toString());
        p.put(
                "saas-connect.providers.microsoft.api-base-uri",
                microsoft.baseUrl().toString());
        p.put("saas-connect.providers.microsoft.scopes", "User.Read,Mail.Read");

        GitHubSandbox github = start(started, GitHubSandbox.start(options));
        client(p, "github", "github", github);
        p.put("saas-connect.providers.github.web-base-url", github.webBaseUrl().toString());
        p.put("saas-connect.providers.github.api-base-url", github.apiBaseUrl().toString());
        // the same sandbox as a GitHub App (registration github-app, configured in application.yml): it knows the
        // test kit's app key and is installed on a few accounts, each an app connection of AppSyncJob
        github.appPublicKey(TestKeys.APP.publicKey());
        List<Long> installations = APP_ACCOUNTS.stream().map(github::installApp).toList();
        client(p, "github-app", "github", github);
        p.put(
                "saas-connect.providers.github-app.options.web-base-url",
                github.webBaseUrl().toString());
        p.put(
                "saas-connect.providers.github-app.options.api-base-url",
                github.apiBaseUrl().toString());
        p.put("saas-connect.providers.github-app.app.issuer", github.appId());

        DocuSignSandbox docusign = start(started, DocuSignSandbox.start(options));
        client(p, "docusign", "docusign", docusign);
        p.put(
                "saas-connect.providers.docusign.options.oauth-base-url",
                docusign.baseUrl().toString());
        p.put("saas-connect.providers.docusign.scopes", "signature");

        BitbucketSandbox bitbucket = start(started, BitbucketSandbox.start(options));
        client(p, "bitbucket", "bitbucket", bitbucket);
        p.put(
                "saas-connect.providers.bitbucket.authorization-uri",
                bitbucket.authorizationEndpoint().toString());
        p.put(
                "saas-connect.providers.bitbucket.token-uri",
                bitbucket.tokenEndpoint().toString());
        p.put(
                "saas-connect.providers.bitbucket.api-base-uri",
                bitbucket.baseUrl().toString());

        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("saas-connect-sandboxes", p));
        context.getBeanFactory()
                .registerSingleton("sampleSandboxes", new Sandboxes(List.copyOf(started), installations));
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                started.forEach(ProviderSandbox::close);
            }
        });
        log.info(
                "Provider sandboxes running: google {}, microsoft {}, github {}, docusign {}, bitbucket {}",
                google.baseUrl(),
                microsoft.baseUrl(),
                github.baseUrl(),
                docusign.baseUrl(),
                bitbucket.baseUrl());
    }

    /**
     * The {@code spring-security} profile's Google: the client and its endpoints on Spring Security's registration
     * {@code google} (the login), which SaaS Connect's {@code google} takes them from.
     */
    private static void springSecurityGoogle(Map<String, Object> p, GoogleSandbox google) {
        String registration = "spring.security.oauth2.client.registration.google.";
        String provider = "spring.security.oauth2.client.provider.google.";
        p.put(registration + "client-id", google.client().clientId());
        p.put(registration + "client-secret", google.client().clientSecret());
        p.put(provider + "authorization-uri", google.authorizationEndpoint().toString());
        p.put(provider + "token-uri", google.tokenEndpoint().toString());
        p.put(provider + "jwk-set-uri", google.jwksUri().toString());
        p.put(provider + "user-info-uri", google.userInfoEndpoint().toString());
        // the ID token's iss is checked against it (the CommonOAuth2Provider preset says https://accounts.google.com)
        p.put(provider + "issuer-uri", google.issuer());
    }

    private static <T extends ProviderSandbox> T start(List<ProviderSandbox> started, T sandbox) {
        started.add(sandbox);
        return sandbox;
    }

    private static void client(Map<String, Object> p, String id, String type, ProviderSandbox sandbox) {
        p.put("saas-connect.providers." + id + ".type", type);
        p.put("saas-connect.providers." + id + ".client-id", sandbox.client().clientId());
        p.put(
                "saas-connect.providers." + id + ".client-secret",
                sandbox.client().clientSecret());
    }

    /**
     * The running sandboxes, for the page and for tests.
     *
     * @param all the sandboxes
     * @param githubAppInstallations the GitHub sandbox's installations of the app of registration {@code github-app}
     */
    public record Sandboxes(List<ProviderSandbox> all, List<Long> githubAppInstallations) {}
}
