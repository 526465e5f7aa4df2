package io.github.saasconnect.provider.docusign;

import static io.github.saasconnect.provider.testing.Errors.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.testing.Records;
import io.github.saasconnect.provider.testing.Settings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocuSignAdapterTest {

    private static final ConnectionId ALICE = ConnectionId.of("docusign", "alice");
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final ProviderRegistration registration = new DocuSignProviderType()
            .register(Settings.of("docusign").option("environment", "demo").build());

    @Test
    void deadRefreshTokenRequiresReauthorization() {
        assertThat(registration
                        .descriptor()
                        .errorClassifier()
                        .classify(registration, ALICE, error(400, "invalid_grant", "invalid_grant")))
                .isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void expiredClientTokenIsAWrongSecretNotADeadGrant() {
        assertThat(registration
                        .descriptor()
                        .errorClassifier()
                        .classify(registration, ALICE, error(400, "invalid_grant", "expired_client_token")))
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        c -> assertThat(c.errorCode()).isEqualTo("expired_client_token"));
    }

    @Test
    void apiCallsGoToTheAccountsBaseUri() {
        var record = Records.active(
                ALICE,
                "at",
                NOW.plusSeconds(60),
                "rt",
                Map.of("base_uri", "https://demo.docusign.net", "account_id", "a1"),
                NOW);

        assertThat(registration.descriptor().apiBaseUriResolver().apiBaseUri(registration, record))
                .hasToString("https://demo.docusign.net/restapi");
    }

    @Test
    void aConnectionWithoutBaseUriCannotCallTheApi() {
        var record = Records.active(ALICE, "at", NOW.plusSeconds(60), "rt", Map.of(), NOW);

        assertThatIllegalStateException()
                .isThrownBy(() -> registration.descriptor().apiBaseUriResolver().apiBaseUri(registration, record))
                .withMessageContaining("base_uri")
                .withMessageContaining("docusign:alice");
    }

    @Test
    void theDefaultAccountIsChosenUnlessOneIsConfigured() {
        DocuSignAccounts accounts = DocuSignAccounts.of(Map.of(
                "sub",
                "u1",
                "accounts",
                List.of(
                        Map.of("account_id", "a1", "is_default", false, "base_uri", "https://na2.docusign.net/"),
                        Map.of(
                                "account_id",
                                "a2",
                                "is_default",
                                true,
                                "base_uri",
                                "https://eu.docusign.net",
                                "account_name",
                                "EU"))));

        assertThat(accounts.choose(null)).hasValue(new DocuSignAccounts.Account("a2", "https://eu.docusign.net", "EU"));
        assertThat(accounts.choose("a1"))
                .hasValue(new DocuSignAccounts.Account("a1", "https://na2.docusign.net", null));
        assertThat(accounts.choose("a3")).isEmpty();
        assertThat(accounts.ids()).containsExactly("a1", "a2");
    }
}
