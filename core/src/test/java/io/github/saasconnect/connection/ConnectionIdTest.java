package io.github.saasconnect.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The naming rules of a connection: each broken rule is named in the error. */
class ConnectionIdTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "7",
                "github",
                "ms-graph-2",
                "github-enterprise-",
                "abcdefghij0123456789abcdefghij0123456789"
            })
    void registrationFollowingTheRuleIsAccepted(String registration) {
        // When
        ConnectionId id = ConnectionId.of(registration, "alice");

        // Then
        assertThat(id.registration()).isEqualTo(registration);
    }

    @Test
    void emptyRegistrationIsRejectedNamingTheRule() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("", "alice"))
                .withMessageContaining("must not be empty");
    }

    @Test
    void missingRegistrationIsRejectedNamingTheRule() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of(null, "alice"))
                .withMessageContaining("must not be empty");
    }

    @Test
    void registrationOfFortyOneCharactersIsRejectedNamingTheLengthRule() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("abcdefghij0123456789abcdefghij0123456789x", "alice"))
                .withMessageContaining("at most 40 characters")
                .withMessageContaining("[a-z0-9][a-z0-9-]{0,39}");
    }

    @Test
    void registrationStartingWithAHyphenIsRejectedNamingTheFirstCharacterRule() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("-github", "alice"))
                .withMessageContaining("must start with a lowercase letter or digit")
                .withMessageContaining("'-github'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GitHub", "git_hub", "git.hub", "git hub", "gitHub", "github/../x", "gïthub"})
    void registrationWithOtherCharactersIsRejectedNamingTheCharacterRule(String registration) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of(registration, "alice"))
                .withMessageContaining("only lowercase letters a-z, digits 0-9 and '-'");
    }

    @Test
    void missingOwnerIsRejectedNamingTheOwner() {
        assertThatNullPointerException()
                .isThrownBy(() -> ConnectionId.of("github", null))
                .withMessageContaining("owner must not be null");
    }

    @Test
    void emptyOwnerIsRejectedNamingTheRule() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", ""))
                .withMessageContaining("owner must not be empty")
                .withMessageContaining("github");
    }

    @Test
    void ownerOf256BytesIsAccepted() {
        // Given
        String owner = "o".repeat(256);

        // When
        ConnectionId id = ConnectionId.of("github", owner);

        // Then
        assertThat(id.owner()).isEqualTo(owner);
    }

    @Test
    void ownerOf257BytesIsRejectedNamingTheLimit() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", "o".repeat(257)))
                .withMessageContaining("at most 256 UTF-8 bytes but was 257");
    }

    @Test
    void ownerLengthCountsUtf8BytesNotCharacters() {
        // Given: é is 2 bytes, € 3, an emoji 4 (and 2 UTF-16 chars)
        String twoByte = "é".repeat(128);
        String emoji = "\uD83D\uDE00".repeat(64);

        // Then
        assertThat(twoByte.getBytes(StandardCharsets.UTF_8)).hasSize(256);
        assertThat(ConnectionId.of("github", twoByte).owner()).isEqualTo(twoByte);
        assertThat(ConnectionId.of("github", emoji).owner()).isEqualTo(emoji);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", twoByte + "é"))
                .withMessageContaining("but was 258");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", "€".repeat(86)))
                .withMessageContaining("but was 258");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", emoji + "\uD83D\uDE00"))
                .withMessageContaining("but was 260");
    }

    @Test
    void ownerMayHoldAnyCharacters() {
        // Given what must never be treated as a path or a separator
        String owner = "../../etc/passwd\u0000 :/\\%2F\t\n" + "用户";

        // When
        ConnectionId id = ConnectionId.of("github", owner);

        // Then
        assertThat(id.owner()).isEqualTo(owner);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob\uD800", "\uDC00bob", "b\uDE00\uD83Dob"})
    void ownerThatIsNotValidUnicodeIsRejected(String owner) {
        // An unpaired surrogate has no UTF-8 form: encoded, it becomes '?', the same bytes as another owner's
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", owner))
                .withMessageContaining("unpaired surrogate");
    }

    @Test
    void toStringIsRegistrationColonOwner() {
        assertThat(ConnectionId.of("github", "alice@example.com")).hasToString("github:alice@example.com");
    }

    @Test
    void equalIdsAreEqual() {
        assertThat(ConnectionId.of("github", "alice"))
                .isEqualTo(new ConnectionId("github", "alice"))
                .isNotEqualTo(ConnectionId.of("github", "Alice"));
    }

    @Test
    void anAppConnectionHasTheReservedOwnerFormAndItsSubject() {
        ConnectionId app = ConnectionId.app("github-app", "12345");

        assertThat(app.owner()).isEqualTo("app:12345");
        assertThat(app.isApp()).isTrue();
        assertThat(app.appSubject()).isEqualTo("12345");
        assertThat(ConnectionId.of("github-app", "12345").isApp()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> ConnectionId.app("github-app", " "));
    }

    @Test
    void noStoredRecordCanHaveTheAppOwnerForm() {
        java.time.Instant now = java.time.Instant.parse("2026-12-01T00:00:00Z");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ConnectionRecord(
                        ConnectionRecord.CURRENT_SCHEMA,
                        ConnectionId.of("github", "app:alice"),
                        ConnectionStatus.ACTIVE,
                        null,
                        null,
                        Secret.of("token"),
                        null,
                        "Bearer",
                        java.util.Set.of(),
                        java.util.Map.of(),
                        now,
                        now,
                        null,
                        null,
                        "g1"))
                .withMessageContaining("is an app connection ('app:' owners are reserved)");
    }

    @Test
    void aNamedAccountIsAnotherConnectionOfTheSameOwner() {
        ConnectionId defaultConnection = ConnectionId.of("github", "alice");
        ConnectionId named = ConnectionId.of("github", "alice", "1001");

        assertThat(defaultConnection.account()).isNull();
        assertThat(defaultConnection.isDefaultAccount()).isTrue();
        assertThat(named.isDefaultAccount()).isFalse();
        assertThat(named).isNotEqualTo(defaultConnection).isEqualTo(defaultConnection.withAccount("1001"));
        assertThat(named.withAccount(null)).isEqualTo(defaultConnection);
        assertThat(new ConnectionId("github", "alice")).isEqualTo(defaultConnection);
        assertThat(named).hasToString("github:alice#1001");
        assertThat(defaultConnection).hasToString("github:alice");
    }

    @Test
    void anAccountFollowsTheOwnersLengthAndUnicodeRulesAndHasNoControlCharacters() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", "alice", ""))
                .withMessageContaining("account must not be empty");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", "alice", "x".repeat(257)))
                .withMessageContaining("account must be at most 256 UTF-8 bytes but was 257");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", "alice", "a\uD800"))
                .withMessageContaining("account must be valid Unicode");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.of("github", "alice", "a\u0000b"))
                .withMessageContaining("control characters");
        assertThat(ConnectionId.of("github", "alice", "ü".repeat(128)).account())
                .hasSize(128);
    }

    @Test
    void anAppConnectionHasNoAccounts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionId.app("github-app", "42").withAccount("1001"))
                .withMessageContaining("an app connection has no accounts");
    }
}
