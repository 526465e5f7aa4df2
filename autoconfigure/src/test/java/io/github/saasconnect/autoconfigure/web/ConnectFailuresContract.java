package io.github.saasconnect.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.saasconnect.autoconfigure.actuate.SaasConnectHealthContributorAutoConfiguration;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignAccount;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftTokenError;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connect that fails after the user approved, over real HTTP against the Microsoft and DocuSign sandboxes, the
 * same for Spring MVC and WebFlux: the browser is sent back with an error that tells the app who can fix it
 * ({@code client_misconfigured}: an administrator; {@code exchange_failed}: try again; {@code account_not_found}: the
 * user's account), the Actuator health names a rejected client, and a WARN line names the registration without a
 * code, state or secret.
 */
abstract class ConnectFailuresContract {

    private static final Map<String, String> ALICE = Map.of(HeaderOwners.HEADER, "alice");
    private static final String WRONG_SECRET = "Sbx8Q~a-secret-the-app-registration-does-not-have";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MicrosoftSandbox microsoft = MicrosoftSandbox.start();
    private final DocuSignSandbox docusign = DocuSignSandbox.start();
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    /** Bob's own account, which the app is configured to work in; Alice is not a member. */
    private DocuSignAccount bobsAccount;

    private TestApp app;

    abstract TestApp.Stack stack();

    /** Health over HTTP beside the connect endpoints, on the same port. */
    @ImportAutoConfiguration({
        EndpointAutoConfiguration.class,
        WebEndpointAutoConfiguration.class,
        ManagementContextAutoConfiguration.class,
        HealthContributorAutoConfiguration.class,
        HealthContributorRegistryAutoConfiguration.class,
        HealthEndpointAutoConfiguration.class,
        SaasConnectHealthContributorAutoConfiguration.class
    })
    static class Actuator {}

    @BeforeEach
    void start() {
        SandboxUser bob = docusign.user("bob");
        bobsAccount = docusign.accounts(bob).get(0);
        Object owners = stack() == TestApp.Stack.MVC ? HeaderOwners.mvc() : HeaderOwners.webFlux();
        List<String> properties = new ArrayList<>(List.of("management.endpoint.health.show-details=always"));
        properties.addAll(microsoft("microsoft", microsoft.client().clientSecret()));
        properties.addAll(microsoft("microsoft-stale", WRONG_SECRET));
        properties.addAll(List.of(
                provider("docusign") + ".type=docusign",
                provider("docusign") + ".client-id=" + docusign.client().clientId(),
                provider("docusign") + ".client-secret=" + docusign.client().clientSecret(),
                provider("docusign") + ".options.oauth-base-url=" + docusign.baseUrl(),
                provider("docusign") + ".options.account-id=" + bobsAccount.accountId()));
        app = TestApp.start(
                stack(),
                Map.of("tokenStore", store, "owners", owners),
                List.of(Actuator.class),
                properties.toArray(String[]::new));
        ((Logger) LoggerFactory.getLogger("io.github.saasconnect")).setLevel(Level.DEBUG);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    private List<String> microsoft(String id, String secret) {
        return List.of(
                provider(id) + ".type=microsoft",
                provider(id) + ".client-id=" + microsoft.client().clientId(),
                provider(id) + ".client-secret=" + secret,
                provider(id) + ".tenant=common",
                provider(id) + ".options.authority-host=" + microsoft.baseUrl());
    }

    private static String provider(String id) {
        return "saas-connect.providers." + id;
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (app != null) {
            app.close();
        }
        microsoft.close();
        docusign.close();
    }

    @Test
    void aClientMicrosoftRejectsSendsTheUserBackWithClientMisconfiguredAndTheHealthNamesIt() {
        // Given the registration's secret is not one Microsoft has for the app
        AuthorizationRedirect approved = approve(microsoft, "microsoft-stale", "/settings#connections");

        // When Microsoft answers the exchange with 401 invalid_client, AADSTS7000215
        HttpResponse<String> callback = callback("microsoft-stale", approved);

        // Then the app can tell its user that an administrator must fix it
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location"))
                .contains("/settings?connect_error=client_misconfigured&registration=microsoft-stale#connections");
        assertThat(store.read(ConnectionId.of("microsoft-stale", "alice")).block())
                .isNull();
        JsonNode registrations = health().at("/components/registrations/components");
        assertThat(registrations.at("/microsoft-stale/status").asString()).isEqualTo("DOWN");
        assertThat(registrations.at("/microsoft-stale/details/kind").asString()).isEqualTo("client_misconfigured");
        assertThat(registrations.at("/microsoft-stale/details/error").asString())
                .isEqualTo("invalid_client/AADSTS7000215");
        assertThat(registrations.at("/microsoft/status").asString()).isEqualTo("UP");
        assertThat(warnings())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains(
                                "microsoft-stale",
                                "invalid_client/AADSTS7000215",
                                "invalid client secret",
                                "saas-connect.providers.microsoft-stale.client-id, client-secret",
                                "[connect_error=client_misconfigured]"));
        assertNoSecretInTheLogs(approved, WRONG_SECRET, microsoft.client().clientSecret());
    }

    @Test
    void anExpiredSecretIsTheSameMisconfigurationAndTheHealthSaysWhich() {
        AuthorizationRedirect approved = approve(microsoft, "microsoft", "/");
        microsoft.faults().nextTokenResponse(microsoft.tokenError(MicrosoftTokenError.EXPIRED_CLIENT_SECRET));

        HttpResponse<String> callback = callback("microsoft", approved);

        assertThat(callback.headers().firstValue("Location"))
                .contains("/?connect_error=client_misconfigured&registration=microsoft");
        JsonNode registration = health().at("/components/registrations/components/microsoft");
        assertThat(registration.at("/status").asString()).isEqualTo("DOWN");
        assertThat(registration.at("/details/kind").asString()).isEqualTo("client_misconfigured");
        assertThat(registration.at("/details/error").asString()).isEqualTo("invalid_client/AADSTS7000222");
        assertThat(warnings())
                .singleElement()
                .satisfies(line ->
                        assertThat(line).contains("client secret expired; create a new one in the app registration"));

        // once the secret is renewed at Microsoft, the next connect clears the rejection
        assertThat(callback("microsoft", approve(microsoft, "microsoft", "/"))
                        .headers()
                        .firstValue("Location"))
                .contains("/?connected=microsoft");
        assertThat(health().at("/components/registrations/components/microsoft/status")
                        .asString())
                .isEqualTo("UP");
    }

    @Test
    void aProviderThatIsTemporarilyUnavailableSendsTheUserBackToTryAgain() {
        AuthorizationRedirect approved = approve(microsoft, "microsoft", "/home");
        microsoft.faults().nextTokenResponse(microsoft.tokenError(MicrosoftTokenError.TEMPORARILY_UNAVAILABLE));

        HttpResponse<String> callback = callback("microsoft", approved);

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location"))
                .contains("/home?connect_error=exchange_failed&registration=microsoft");
        assertThat(store.read(ConnectionId.of("microsoft", "alice")).block()).isNull();
        JsonNode registration = health().at("/components/registrations/components/microsoft");
        assertThat(registration.at("/status").asString()).isEqualTo("UP");
        assertThat(registration.at("/details/kind").isMissingNode()).isTrue();
        assertThat(warnings())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains(
                                "connect microsoft:~" + OwnerIds.digest("alice"),
                                "temporarily_unavailable/AADSTS90033",
                                "[connect_error=exchange_failed]")
                        .doesNotContain("alice"));
        assertNoSecretInTheLogs(approved, microsoft.client().clientSecret());
    }

    @Test
    void aDocuSignUserOutsideTheConfiguredAccountIsSentBackWithAccountNotFound() {
        // Given the app works in Bob's account and Alice belongs only to her own
        String alicesAccount = docusign.accounts(docusign.user("alice")).get(0).accountId();
        AuthorizationRedirect approved = approve(docusign, "docusign", "/settings");

        // When Alice completes the consent
        HttpResponse<String> callback = callback("docusign", approved);

        // Then the app learns it is her account, and the log says what to change
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location"))
                .contains("/settings?connect_error=account_not_found&registration=docusign");
        assertThat(store.read(ConnectionId.of("docusign", "alice")).block()).isNull();
        assertThat(health().at("/components/registrations/components/docusign/status")
                        .asString())
                .isEqualTo("UP");
        assertThat(warnings())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains(
                                "connect docusign:~" + OwnerIds.digest("alice"),
                                "account_not_found",
                                "not a member of account " + bobsAccount.accountId(),
                                "set by saas-connect.providers.docusign.options.account-id",
                                alicesAccount,
                                "[connect_error=account_not_found]"));
        assertNoSecretInTheLogs(approved, docusign.client().clientSecret());
    }

    // ---- helpers ----

    private AuthorizationRedirect approve(ProviderSandbox sandbox, String registration, String returnTo) {
        HttpResponse<String> r = TestApp.startConnect(app.baseUrl(), registration, enc(returnTo), ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        AuthorizationRedirect approved =
                sandbox.approve(URI.create(r.headers().firstValue("Location").orElseThrow()));
        assertThat(approved.code()).isNotNull();
        return approved;
    }

    private HttpResponse<String> callback(String registration, AuthorizationRedirect approved) {
        return TestApp.get(
                app.url("/saas-connect/callback/" + registration + "?state=" + enc(approved.state()) + "&code="
                        + enc(approved.code())),
                ALICE);
    }

    private JsonNode health() {
        HttpResponse<String> r = TestApp.get(app.url("/actuator/health/saasConnect"), Map.of());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
        return JSON.readTree(r.body());
    }

    private List<String> warnings() {
        return logs.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private void assertNoSecretInTheLogs(AuthorizationRedirect approved, String... secrets) {
        List<String> forbidden = new ArrayList<>(List.of(approved.state(), approved.code()));
        forbidden.addAll(List.of(secrets));
        assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
            String line = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                            ? ""
                            : e.getThrowableProxy().getMessage());
            forbidden.forEach(secret -> assertThat(line).doesNotContain(secret));
        });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
