package io.github.saasconnect.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.importing.ImportOutcome.Result;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.testsupport.ScriptedTokenEndpoint;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Importing grants over real HTTP against a scripted token endpoint on loopback. */
class TokenImportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ACME = TokenManagerFixture.REGISTRATION;

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final TokenManager tokens = fixture.manager();
    private final TokenImport importer = new TokenImport(
            fixture.store, tokens, new ProviderRegistry(List.of(fixture.registration())), fixture.clock);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aLiveGrantIsStoredVerifiedByOneRefreshAndItsRotatedRefreshTokenKept() {
        String refreshToken = fixture.endpoint.issueRefreshToken();
        ConnectionId alice = ConnectionId.of(ACME, "alice");

        ImportReport report = run(ImportOptions.defaults(), ImportedGrant.of(ACME, "alice", Secret.of(refreshToken)));

        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.connection()).isEqualTo(alice);
            assertThat(o.result()).isEqualTo(Result.IMPORTED);
        });
        assertThat(fixture.endpoint.tokenRequests()).isOne();
        ConnectionRecord stored = fixture.store.read(alice).block(TIMEOUT).record();
        assertThat(stored.refreshToken().reveal())
                .as("rotated by the verifying refresh")
                .isNotEqualTo(refreshToken);
        String accessToken = tokens.accessToken(alice).block(TIMEOUT).value().reveal();
        assertThat(accessToken).isEqualTo(stored.accessToken().reveal());
        assertThat(fixture.endpoint.tokenRequests())
                .as("the verified token serves without a refresh")
                .isOne();
    }

    @Test
    void aDeadGrantIsRejectedAndNotStoredAndARecordItWouldHaveReplacedIsPutBack() {
        ConnectionId bob = fixture.seedExpired("bob");
        VersionedRecord before = fixture.store.read(bob).block(TIMEOUT);
        Instant later = before.record().lastRefreshedAt().plusSeconds(60);

        ImportReport report = run(
                ImportOptions.defaults(),
                ImportedGrant.of(ACME, "carol", Secret.of("rt-the-provider-never-issued")),
                new ImportedGrant(bob, Secret.of("rt-dead-too"), null, null, Set.of(), later));

        assertThat(report.with(Result.REJECTED))
                .hasSize(2)
                .allSatisfy(
                        o -> assertThat(o.detail()).contains("invalid_grant").doesNotContain("rt-"));
        assertThat(fixture.store.read(ConnectionId.of(ACME, "carol")).block(TIMEOUT))
                .isNull();
        VersionedRecord after = fixture.store.read(bob).block(TIMEOUT);
        assertThat(after.record()).isEqualTo(before.record());
        assertThat(tokens.accessToken(bob).block(TIMEOUT))
                .as("bob's own grant still works")
                .isNotNull();
        assertThat(fixture.events(ReauthorizationRequiredEvent.class)).hasSize(2);
    }

    @Test
    void aStoredRecordRefreshedAtOrAfterTheGrantIsNewerAndIsNotOverwritten() {
        ConnectionId dave = fixture.seedExpired("dave");
        VersionedRecord before = fixture.store.read(dave).block(TIMEOUT);
        Instant earlier = before.record().lastRefreshedAt().minusSeconds(60);
        String live = fixture.endpoint.issueRefreshToken();

        ImportReport report = run(
                ImportOptions.defaults(),
                new ImportedGrant(dave, Secret.of(live), null, null, Set.of(), earlier),
                ImportedGrant.of(ACME, "dave", Secret.of(live)));

        assertThat(report.outcomes()).extracting(ImportOutcome::result).containsExactly(Result.SKIPPED, Result.SKIPPED);
        assertThat(report.outcomes().get(1).detail()).contains("does not say when it was issued");
        assertThat(fixture.store.read(dave).block(TIMEOUT)).isEqualTo(before);
        assertThat(fixture.endpoint.tokenRequests()).isZero();
    }

    @Test
    void withoutVerificationTheGrantIsStoredAsGivenAndItsFirstUseRefreshes() {
        String refreshToken = fixture.endpoint.issueRefreshToken();
        ConnectionId erin = ConnectionId.of(ACME, "erin");

        ImportReport report = run(
                ImportOptions.defaults().withoutVerification(),
                ImportedGrant.of(ACME, "erin", Secret.of(refreshToken)));

        assertThat(report.count(Result.IMPORTED)).isOne();
        assertThat(fixture.endpoint.tokenRequests()).isZero();
        assertThat(fixture.store
                        .read(erin)
                        .block(TIMEOUT)
                        .record()
                        .refreshToken()
                        .reveal())
                .isEqualTo(refreshToken);
        assertThat(tokens.accessToken(erin).block(TIMEOUT).value().reveal())
                .as("the placeholder stored for a grant without an access token is never handed out")
                .isNotEqualTo("imported-without-access-token");
        assertThat(fixture.endpoint.tokenRequests()).isOne();
    }

    @Test
    void aGrantTheProviderCannotVerifyNowIsKeptAndReportedUnverified() {
        String refreshToken = fixture.endpoint.issueRefreshToken();
        ScriptedTokenEndpoint.Status unavailable = ScriptedTokenEndpoint.emptyBody(503);
        fixture.endpoint.enqueue(unavailable, unavailable, unavailable);

        ImportReport report = run(ImportOptions.defaults(), ImportedGrant.of(ACME, "frank", Secret.of(refreshToken)));

        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.IMPORTED_UNVERIFIED);
            assertThat(o.detail()).contains("TRANSIENT");
        });
        assertThat(fixture.store.read(ConnectionId.of(ACME, "frank")).block(TIMEOUT))
                .isNotNull();
    }

    @Test
    void aGrantForARegistrationThatIsNotConfiguredIsRejectedAndTheReportNamesNoToken() {
        ImportReport report = run(ImportOptions.defaults(), ImportedGrant.of("other", "gina", Secret.of("rt-secret")));

        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.REJECTED);
            assertThat(o.detail()).contains("no registration 'other'");
        });
        assertThat(report.toString())
                .isEqualTo("1 grant(s): 0 imported, 0 imported unverified, 1 rejected, 0 skipped")
                .doesNotContain("gina");
        assertThat(report.outcomes().get(0).toString()).doesNotContain("rt-secret");
        assertThat(ImportedGrant.of("other", "gina", Secret.of("rt-secret")).toString())
                .doesNotContain("rt-secret");
    }

    private ImportReport run(ImportOptions options, ImportedGrant... grants) {
        return importer.importAll(List.of(grants), options).block(TIMEOUT);
    }
}
