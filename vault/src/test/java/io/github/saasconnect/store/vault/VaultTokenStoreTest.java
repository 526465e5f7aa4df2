package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.tck.TokenStoreContract;
import io.github.saasconnect.testkit.vault.Fault;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.RequestMatcher;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.vault.core.ReactiveVaultTemplate;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The store contract and the Vault store's own behaviour, against the test kit's KV v2 server through the real
 * Spring Vault reactive client over loopback HTTP. The contract runs with a token that holds exactly the policy
 * VAULT-STORE.md documents, so it also proves that policy is enough.
 */
class VaultTokenStoreTest extends TokenStoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private VaultTestServer vault;
    private VaultTemplate admin;

    @Override
    protected TokenStore createStore() {
        vault = VaultTestServer.start(
                VaultTestServer.options().token(TestVaultClients.STORE_TOKEN, TestVaultClients.STORE_POLICY));
        admin = TestVaultClients.blocking(vault.uri(), vault.token());
        return storeBuilder(TestVaultClients.STORE_TOKEN).build();
    }

    private VaultTokenStore.Builder storeBuilder(String token) {
        return VaultTokenStore.builder(TestVaultClients.reactive(vault.uri(), token))
                .retry(3, new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(20)), Duration.ofMillis(50));
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    static String keyPath(ConnectionId id) {
        byte[] sha;
        try {
            sha = MessageDigest.getInstance("SHA-256")
                    .digest((id.registration() + "\u0000" + id.owner()).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return "saas-connect/connections/" + id.registration() + "/"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
    }

    private List<RecordedRequest> dataWrites() {
        return vault.requests().stream()
                .filter(r -> r.method().equals("POST") && r.vaultPath().startsWith("secret/data/"))
                .toList();
    }

    // --- layout ---

    @Test
    void recordIsTheSecretAtTheDigestOfRegistrationNulOwnerWithTheOwnerInside() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice@example.com");

        write(record(id, "token-1"), 0);

        String path = keyPath(id);
        assertThat(((VaultTokenStore) store).layout().dataPath(id)).isEqualTo("secret/data/" + path);
        Map<String, Object> data = vault.readCurrent(path).orElseThrow();
        assertThat(data)
                .containsEntry("owner", "alice@example.com")
                .containsEntry("registration", "github")
                .containsEntry("access_token", "token-1")
                .containsKey(WriteId.FIELD)
                .containsKey("generation");
        assertThat(vault.requests())
                .extracting(RecordedRequest::vaultPath)
                .allSatisfy(p -> assertThat(p).doesNotContain("alice"));
    }

    @Test
    void everyDataWriteSendsCheckAndSetWithTheExpectedVersion() {
        admin.write("secret/config", Map.of("cas_required", true));
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        long v2 = write(record(id, "second"), v1);
        write(record(id, "third"), v2);

        assertThat(dataWrites()).extracting(r -> r.cas().orElse(-1)).containsExactly(0L, 1L, 2L);
        assertThat(dataWrites()).allSatisfy(r -> assertThat(r.casPresent()).isTrue());
    }

    @Test
    void aNewConnectionGetsSmallMaxVersionsCasRequiredAndItsGenerationInTheKeyMetadata() throws Exception {
        ConnectionRecord record = record(ConnectionId.of("github", "alice"), "first");

        write(record, 0);

        VaultResponse metadata = admin.read("secret/metadata/" + keyPath(record.id()));
        assertThat(metadata.getRequiredData())
                .containsEntry("max_versions", 2)
                .containsEntry("cas_required", true)
                .containsEntry("custom_metadata", Map.of("generation", record.generation()));
    }

    @Test
    void supersededRefreshTokensArePrunedBeyondMaxVersions() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        long version = write(record(id, "t0"), 0);
        for (int i = 1; i <= 5; i++) {
            version = write(record(id, "t" + i).withLease(null), version);
        }

        VaultResponse metadata = admin.read("secret/metadata/" + keyPath(id));
        @SuppressWarnings("unchecked")
        Map<String, Object> versions =
                (Map<String, Object>) metadata.getRequiredData().get("versions");
        assertThat(versions.keySet()).containsExactlyInAnyOrder("5", "6");
        assertThat(admin.opsForVersionedKeyValue("secret")
                        .get(keyPath(id), org.springframework.vault.support.Versioned.Version.from(1)))
                .isNull();
    }

    @Test
    void deleteRemovesTheMetadataForGoodAndNeverSoftDeletes() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "first"), 0);
        vault.clearRequests();

        store.delete(id).block(TIMEOUT);

        // the record's metadata goes, then the connection's job claims (a LIST of the jobs, none here)
        assertThat(vault.requests())
                .extracting(r -> r.method() + " " + r.vaultPath())
                .startsWith("DELETE secret/metadata/" + keyPath(id))
                .allMatch(r -> r.equals("DELETE secret/metadata/" + keyPath(id))
                        || r.endsWith("secret/metadata/saas-connect/connections/_claims/"));
        assertThat(vault.currentVersion(keyPath(id))).isZero();
        assertThat(admin.read("secret/metadata/" + keyPath(id))).isNull();
    }

    // --- ABA after a delete ---

    @Test
    void aWritePreparedForADeletedConnectionDoesNotReplaceTheConnectionMadeAfterIt() {
        ConnectionId id = ConnectionId.of("github", "alice");
        ConnectionRecord oldConnection = record(id, "old-1");
        long old = write(oldConnection, 0);
        old = write(refreshed(oldConnection, "old-2"), old); // an instance now holds version 2 of the old connection
        store.delete(id).block(TIMEOUT);
        ConnectionRecord reconnected = connectedLater(record(id, "new-1"), Duration.ofMinutes(5));
        long fresh = write(reconnected, 0);
        fresh = write(refreshed(reconnected, "new-2"), fresh);
        assertThat(fresh).isEqualTo(old);

        StepVerifier.create(store.write(refreshed(oldConnection, "old-3"), old))
                .expectError(StaleVersionException.class)
                .verify(TIMEOUT);

        VersionedRecord stored = read(id);
        assertThat(stored.record().accessToken().reveal()).isEqualTo("new-2");
        assertThat(stored.record().generation()).isEqualTo(reconnected.generation());
        assertThat(stored.version()).isEqualTo(4);
    }

    @Test
    void aReconnectWrittenOverTheOldRecordReplacesItAndTheMetadataFollows() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "old"), 0);
        ConnectionRecord reconnected = connectedLater(record(id, "new"), Duration.ofMinutes(5));

        assertThat(write(reconnected, v1)).isEqualTo(2);

        assertThat(read(id).record()).isEqualTo(reconnected);
        assertThat(admin.read("secret/metadata/" + keyPath(id)).getRequiredData())
                .containsEntry("custom_metadata", Map.of("generation", reconnected.generation()));
    }

    /** The same connection (generation, connectedAt) holding other tokens, as the TokenManager writes it. */
    private static ConnectionRecord refreshed(ConnectionRecord r, String accessToken) {
        return new ConnectionRecord(
                r.schema(),
                r.id(),
                r.status(),
                Secret.of("refresh-of-" + accessToken),
                r.refreshTokenExpiresAt(),
                Secret.of(accessToken),
                r.accessTokenExpiresAt(),
                r.tokenType(),
                r.scopes(),
                r.attributes(),
                r.connectedAt(),
                r.lastRefreshedAt(),
                null,
                null,
                r.generation());
    }

    private static ConnectionRecord connectedLater(ConnectionRecord r, Duration later) {
        return new ConnectionRecord(
                r.schema(),
                r.id(),
                r.status(),
                r.refreshToken(),
                r.refreshTokenExpiresAt(),
                r.accessToken(),
                r.accessTokenExpiresAt(),
                r.tokenType(),
                r.scopes(),
                r.attributes(),
                r.connectedAt().plus(later),
                r.lastRefreshedAt().plus(later),
                null,
                null,
                r.generation());
    }

    @Test
    void aKeyWithoutOurMetadataGetsItOnTheNextWrite() throws Exception {
        ConnectionRecord record = record(ConnectionId.of("github", "alice"), "seeded");
        vault.seed(keyPath(record.id()), new io.github.saasconnect.store.ConnectionRecordCodec().toMap(record));

        long version = write(record, 1);

        assertThat(version).isEqualTo(2);
        assertThat(admin.read("secret/metadata/" + keyPath(record.id())).getRequiredData())
                .containsEntry("max_versions", 2)
                .containsEntry("custom_metadata", Map.of("generation", record.generation()));
    }

    // --- ambiguous writes ---

    @Test
    void aWriteWhoseConnectionDroppedAfterVaultAppliedItIsRecognisedByItsWriteId() {
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        vault.faults().dropConnectionAfterNextWrite();
        vault.clearRequests();

        long v2 = write(record(id, "second"), v1);

        assertThat(v2).isEqualTo(2);
        assertThat(read(id).record().accessToken().reveal()).isEqualTo("second");
        assertThat(dataWrites()).as("never written again blindly").hasSize(1);
    }

    @Test
    void aWriteAnswered500AfterItWasAppliedIsRecognisedByItsWriteId() {
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        vault.faults()
                .failNext(1, RequestMatcher.writes(), Fault.internalError().afterCommit());

        assertThat(write(record(id, "second"), v1)).isEqualTo(2);
    }

    @Test
    void aWriteWhoseAnswerTimesOutIsSettledByReadingTheKey() {
        store = storeBuilder(vault.token())
                .requestTimeout(Duration.ofMillis(300))
                .build();
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        vault.faults().failNext(1, RequestMatcher.writes(), Fault.delay(Duration.ofSeconds(2)));

        assertThat(write(record(id, "second"), v1)).isEqualTo(2);
        assertThat(read(id).record().accessToken().reveal()).isEqualTo("second");
    }

    @Test
    void aWriteThatLandedAndWasThenOverwrittenReportsTheVersionItMade() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        vault.faults()
                .failNext(1, RequestMatcher.writes(), Fault.dropConnection().withDelay(Duration.ofMillis(500)));

        Mono<Long> ours = store.write(record(id, "ours"), v1).cache();
        ours.subscribe(v -> {}, e -> {});
        vault.awaitRequest(r -> r.faulted(), TIMEOUT);
        VaultTokenStore other = storeBuilder(vault.token()).build();
        long theirs = other.write(record(id, "theirs").withLease(null), 2).block(TIMEOUT);

        assertThat(ours.block(TIMEOUT)).isEqualTo(2);
        assertThat(theirs).isEqualTo(3);
        assertThat(read(id).record().accessToken().reveal()).isEqualTo("theirs");
    }

    @Test
    void aWriteRefusedWith500BeforeItWasAppliedIsReportedUnavailableAndNotRepeated() {
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        vault.faults().failNext(1, RequestMatcher.writes(), Fault.internalError());
        vault.clearRequests();

        StepVerifier.create(store.write(record(id, "second"), v1))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("did not reach Vault"))
                .verify(TIMEOUT);

        assertThat(dataWrites()).hasSize(1);
        assertThat(read(id).record().accessToken().reveal()).isEqualTo("first");
    }

    @Test
    void aCreateOverASoftDeletedKeyWorksWithExpectedVersionZero() throws Exception {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "first"), 0);
        admin.delete("secret/data/" + keyPath(id));
        StepVerifier.create(store.read(id)).expectComplete().verify(TIMEOUT);

        long version = write(record(id, "again"), 0);

        assertThat(version).isEqualTo(2);
        assertThat(read(id).record().accessToken().reveal()).isEqualTo("again");
    }

    // --- failures ---

    @Test
    void rateLimitedAndSealedAnswersAreRetriedWithTheSameCheckAndSet() {
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);
        vault.faults().failNext(1, RequestMatcher.writes(), Fault.rateLimited(Duration.ofMillis(10)));
        vault.faults().failNext(1, RequestMatcher.writes(), Fault.unavailable());
        vault.clearRequests();

        assertThat(write(record(id, "second"), v1)).isEqualTo(2);

        assertThat(dataWrites()).extracting(r -> r.cas().orElse(-1)).containsExactly(1L, 1L, 1L);
    }

    @Test
    void aSealedVaultIsStoreUnavailableAfterAFewRetries() {
        ConnectionId id = ConnectionId.of("github", "alice");
        write(record(id, "first"), 0);
        vault.seal();
        vault.clearRequests();

        StepVerifier.create(store.read(id))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(StoreUnavailableException.class, u -> {
                    assertThat(u.kind()).isEqualTo(FailureKind.STORE_UNAVAILABLE);
                    assertThat(u.connection()).isEqualTo(id);
                    assertThat(u).hasMessageContaining("503").hasMessageContaining("sealed");
                }))
                .verify(TIMEOUT);
        assertThat(vault.requests()).hasSize(3);

        vault.unseal();
        assertThat(read(id).record().accessToken().reveal()).isEqualTo("first");
    }

    @Test
    void anUnreachableVaultIsStoreUnavailable() {
        ConnectionId id = ConnectionId.of("github", "alice");
        VaultTokenStore unreachable = VaultTokenStore.builder(
                        TestVaultClients.reactive(java.net.URI.create("http://127.0.0.1:1"), "token"))
                .retry(2, new Backoff(Duration.ofMillis(1), 2.0, Duration.ofMillis(2)), Duration.ZERO)
                .build();

        StepVerifier.create(unreachable.read(id))
                .expectError(StoreUnavailableException.class)
                .verify(TIMEOUT);
        StepVerifier.create(unreachable.write(record(id, "x"), 0))
                .expectError(StoreUnavailableException.class)
                .verify(TIMEOUT);
    }

    @Test
    void permissionDeniedIsAConfigurationErrorThatNamesThePolicy() {
        // a valid token whose policy does not cover the prefix
        VaultTokenStore denied =
                storeBuilder(TestVaultClients.STORE_TOKEN).prefix("elsewhere").build();
        ConnectionId id = ConnectionId.of("github", "alice");

        StepVerifier.create(denied.write(record(id, "x"), 0))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(VaultStoreMisconfiguredException.class, m -> {
                            assertThat(m.status()).isEqualTo(403);
                            assertThat(m.tokenRejected()).isFalse();
                            assertThat(m.connection()).isEqualTo(id);
                            assertThat(m)
                                    .hasMessageContaining("permission denied")
                                    .hasMessageContaining("path \"secret/data/elsewhere/*\"")
                                    .hasMessageContaining("path \"secret/metadata/elsewhere/*\"")
                                    .hasMessageContaining("\"create\", \"read\", \"update\"");
                        }))
                .verify(TIMEOUT);
        assertThat(vault.requests()).hasSize(2); // the write, and the token's lookup of itself
    }

    @Test
    void anExpiredOrUnknownTokenIsToldApartFromAPolicyDenial() {
        VaultTokenStore expired = storeBuilder("hvs.expired-or-revoked").build();
        ConnectionId id = ConnectionId.of("github", "alice");

        StepVerifier.create(expired.read(id))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(VaultStoreMisconfiguredException.class, m -> {
                            assertThat(m.status()).isEqualTo(403);
                            assertThat(m.tokenRejected()).isTrue();
                            assertThat(m)
                                    .hasMessageContaining("expired, revoked or unknown")
                                    .hasMessageContaining("not the policy")
                                    .hasMessageNotContaining("hvs.expired-or-revoked");
                        }))
                .verify(TIMEOUT);
    }

    @Test
    void aMountThatIsNotThereIsAConfigurationError() {
        VaultTokenStore wrongMount = storeBuilder(vault.token()).mount("kv").build();

        StepVerifier.create(wrongMount.write(record(ConnectionId.of("github", "alice"), "x"), 0))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(VaultStoreMisconfiguredException.class)
                        .hasMessageContaining("no KV version 2 secrets engine at mount 'kv'"))
                .verify(TIMEOUT);
    }

    @Test
    void theStoresCircuitBreakerStopsCallingAVaultThatKeepsFailing() {
        VaultTokenStore guarded = storeBuilder(vault.token())
                .retry(1, new Backoff(Duration.ofMillis(1), 2.0, Duration.ofMillis(1)), Duration.ZERO)
                .circuitBreaker(
                        "test-store",
                        CircuitBreakerConfig.custom()
                                .minimumNumberOfCalls(4)
                                .slidingWindowSize(4)
                                .waitDurationInOpenState(Duration.ofMinutes(1))
                                .build())
                .build();
        ConnectionId id = ConnectionId.of("github", "alice");
        vault.seal();
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(guarded.read(id))
                    .expectError(StoreUnavailableException.class)
                    .verify(TIMEOUT);
        }
        vault.clearRequests();

        StepVerifier.create(guarded.read(id))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("circuit breaker 'test-store' is open"))
                .verify(TIMEOUT);
        assertThat(vault.requests()).isEmpty();
    }

    @Test
    void aSecretThatIsNotARecordIsReportedWithItsPathAndReportedApartWhenListing() throws Exception {
        ConnectionId broken = ConnectionId.of("github", "broken");
        ConnectionId fine = ConnectionId.of("github", "fine");
        write(record(fine, "ok"), 0);
        vault.seed(keyPath(broken), Map.of("schema", 1, "access_token", "leaked-if-printed"));

        StepVerifier.create(store.read(broken))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(UnreadableVaultRecordException.class)
                        .hasMessageContaining("secret/data/" + keyPath(broken))
                        .hasMessageNotContaining("leaked-if-printed"))
                .verify(TIMEOUT);
        ConnectionPage page = store.list("github", null, 10).block(TIMEOUT);
        assertThat(page.records()).extracting(r -> r.record().id()).containsExactly(fine);
        assertThat(page.unreadable()).singleElement().satisfies(unreadable -> {
            assertThat(unreadable.registration()).isEqualTo("github");
            assertThat(keyPath(broken)).endsWith("/" + unreadable.key());
            assertThat(unreadable.reason()).doesNotContain("leaked-if-printed");
        });
    }

    @Test
    void theBlockingTemplateFindsCasConflictsAndOwnWritesToo() {
        VaultTokenStore blocking = VaultTokenStore.builder(TestVaultClients.blocking(vault.uri(), vault.token()))
                .build();
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = blocking.write(record(id, "first"), 0).block(TIMEOUT);
        StepVerifier.create(blocking.write(record(id, "second"), 0))
                .expectError(StaleVersionException.class)
                .verify(TIMEOUT);
        // Two drops: HttpURLConnection may send the POST again on its own after the first.
        vault.faults().failNext(2, RequestMatcher.writes(), Fault.dropConnection());

        assertThat(blocking.write(record(id, "third"), v1).block(TIMEOUT)).isEqualTo(2);
        assertThat(blocking.read(id).block(TIMEOUT).record().accessToken().reveal())
                .isEqualTo("third");
    }

    @Test
    void ownersNeverAppearInRequestPaths() {
        List<String> owners = List.of("alice@example.com", "../../etc/passwd", "%2e%2e%2fadmin", "日本語のユーザー");
        for (String owner : owners) {
            ConnectionId id = ConnectionId.of("github", owner);
            long v = write(record(id, "t"), 0);
            read(id);
            write(record(id, "u").withLease(null), v);
        }
        listAll("github", 2);

        assertThat(vault.requests()).extracting(RecordedRequest::vaultPath).allSatisfy(path -> {
            assertThat(path).startsWith("secret/");
            owners.forEach(owner -> assertThat(path).doesNotContain(owner));
        });
    }

    @Test
    void readsOfAnotherInstancesWritesSeeTheNewVersionAtOnce() {
        ReactiveVaultTemplate second = TestVaultClients.reactive(vault.uri(), vault.token());
        VaultTokenStore other = VaultTokenStore.builder(second).build();
        ConnectionId id = ConnectionId.of("github", "alice");
        long v1 = write(record(id, "first"), 0);

        long v2 = other.write(record(id, "from-other").withLease(null), v1).block(TIMEOUT);

        assertThat(read(id)).extracting(VersionedRecord::version).isEqualTo(v2);
        StepVerifier.create(store.write(record(id, "late"), v1))
                .expectError(StaleVersionException.class)
                .verify(TIMEOUT);
    }

    // --- named accounts ---

    private List<String> listed(String folder) {
        return admin.list("secret/metadata/" + folder);
    }

    private static boolean isList(RecordedRequest r) {
        return r.method().equals("LIST") || "true".equals(r.query().get("list"));
    }

    @Test
    void aNamedAccountIsASecretInItsOwnersFolderBesideTheDefaultConnectionsSecret() {
        VaultStoreLayout layout = ((VaultTokenStore) store).layout();
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId work = ConnectionId.of("github", "alice", "1001");
        write(record(alice, "default"), 0);
        write(record(work, "work"), 0);

        String owner = ConnectionKey.of(alice);
        String account = ConnectionKey.of(work).substring(owner.length() + 1);
        assertThat(layout.keyPath(work)).isEqualTo(keyPath(alice) + "/" + account);
        assertThat(vault.readCurrent(layout.keyPath(work)).orElseThrow())
                .containsEntry("owner", "alice")
                .containsEntry("account", "1001")
                .containsEntry("access_token", "work");
        assertThat(vault.readCurrent(keyPath(alice)).orElseThrow()).containsEntry("access_token", "default");
        // Vault's own view: a key and a folder of the same name; the account's key has its own metadata
        assertThat(listed("saas-connect/connections/github")).containsExactlyInAnyOrder(owner, owner + "/");
        assertThat(listed("saas-connect/connections/github/" + owner)).containsExactly(account);
        assertThat(admin.read("secret/metadata/" + layout.keyPath(work)).getRequiredData())
                .containsEntry("cas_required", true)
                .containsEntry("max_versions", 2);
    }

    @Test
    void accountsIsOneReadOfTheDefaultAndOneListOfTheOwnersFolderNeverOfTheRegistration() {
        ConnectionId alice = ConnectionId.of("github", "alice");
        List<ConnectionId> named =
                List.of(ConnectionId.of("github", "alice", "1001"), ConnectionId.of("github", "alice", "2002"));
        write(record(alice, "default"), 0);
        named.forEach(id -> write(record(id, "named"), 0));
        for (int i = 0; i < 5; i++) {
            write(record(ConnectionId.of("github", "owner-" + i), "other"), 0);
        }
        vault.clearRequests();

        assertThat(store.accounts("github", "alice")
                        .map(v -> v.record().id())
                        .collectList()
                        .block(TIMEOUT))
                .first()
                .isEqualTo(alice);
        String ownerFolder = "secret/metadata/" + keyPath(alice) + "/";
        assertThat(vault.requests())
                .filteredOn(VaultTokenStoreTest::isList)
                .extracting(RecordedRequest::vaultPath)
                .containsExactly(ownerFolder);
        assertThat(vault.requests())
                .filteredOn(r -> !isList(r))
                .extracting(RecordedRequest::vaultPath)
                .containsExactlyInAnyOrder(
                        "secret/data/" + keyPath(alice),
                        "secret/data/" + ((VaultTokenStore) store).layout().keyPath(named.get(0)),
                        "secret/data/" + ((VaultTokenStore) store).layout().keyPath(named.get(1)));
    }

    @Test
    void deletingANamedAccountDeletesItsMetadataAndClaimsAndLeavesTheDefaultConnectionsOwn() {
        VaultTokenStore vaultStore = (VaultTokenStore) store;
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId work = ConnectionId.of("github", "alice", "1001");
        write(record(alice, "default"), 0);
        write(record(work, "work"), 0);
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        for (ConnectionId id : List.of(alice, work)) {
            vaultStore
                    .jobClaims()
                    .claim(new JobClaim("nightly", id, now, "host-1:42", now, now.plusSeconds(60)))
                    .block(TIMEOUT);
        }
        String claims = "saas-connect/connections/_claims/nightly/github/";
        String workPath = vaultStore.layout().keyPath(work);
        vault.clearRequests();

        store.delete(work).block(TIMEOUT);

        assertThat(vault.requests())
                .extracting(r -> r.method() + " " + r.vaultPath())
                .contains(
                        "DELETE secret/metadata/" + workPath,
                        "DELETE secret/metadata/" + claims + ConnectionKey.of(work))
                .noneMatch(r -> r.startsWith("DELETE secret/data/"))
                .filteredOn(r -> r.startsWith("DELETE"))
                .hasSize(2);
        assertThat(admin.read("secret/metadata/" + workPath)).isNull();
        assertThat(vault.currentVersion(claims + ConnectionKey.of(work))).isZero();
        assertThat(vault.currentVersion(claims + ConnectionKey.of(alice))).isEqualTo(1);
        assertThat(read(alice).record().accessToken().reveal()).isEqualTo("default");
        assertThat(listed("saas-connect/connections/github")).containsExactly(ConnectionKey.of(alice));
    }

    @Test
    void aPageListsOnlyTheOwnerFoldersItReachesAndNoneBeforeItsCursor() {
        for (int owner = 0; owner < 6; owner++) {
            write(record(ConnectionId.of("microsoft", "owner-" + owner, "oid-1"), "a"), 0);
            write(record(ConnectionId.of("microsoft", "owner-" + owner, "oid-2"), "b"), 0);
        }
        vault.clearRequests();

        ConnectionPage first = store.list("microsoft", null, 2).block(TIMEOUT);
        // two accounts of the first owner, plus one name more to know a page follows: two owner folders at most
        assertThat(first.records()).hasSize(2);
        assertThat(vault.requests()).filteredOn(VaultTokenStoreTest::isList).hasSizeBetween(2, 3);
        ConnectionPage second = store.list("microsoft", first.nextCursor(), 2).block(TIMEOUT);
        String firstOwner = first.nextCursor().substring(0, ConnectionKey.NAME_LENGTH);
        String cursorOwner = second.nextCursor().substring(0, ConnectionKey.NAME_LENGTH);
        assertThat(cursorOwner).isGreaterThan(firstOwner);
        vault.clearRequests();

        store.list("microsoft", second.nextCursor(), 2).block(TIMEOUT);

        String registration = "secret/metadata/saas-connect/connections/microsoft/";
        assertThat(vault.requests())
                .filteredOn(VaultTokenStoreTest::isList)
                .extracting(RecordedRequest::vaultPath)
                .contains(registration)
                .filteredOn(p -> !p.equals(registration))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.substring(registration.length(), p.length() - 1))
                        .isGreaterThanOrEqualTo(cursorOwner));
    }

    @Test
    void anUnreadableNamedAccountIsReportedByItsOwnerAndAccountNameWhenListing() {
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId broken = ConnectionId.of("github", "alice", "1001");
        write(record(alice, "ok"), 0);
        String brokenPath = ((VaultTokenStore) store).layout().keyPath(broken);
        vault.seed(brokenPath, Map.of("schema", 2, "access_token", "leaked-if-printed"));

        ConnectionPage page = store.list("github", null, 10).block(TIMEOUT);

        assertThat(page.records()).extracting(r -> r.record().id()).containsExactly(alice);
        assertThat(page.unreadable()).singleElement().satisfies(unreadable -> {
            assertThat(unreadable.registration()).isEqualTo("github");
            assertThat(unreadable.key()).isEqualTo(ConnectionKey.of(broken));
            assertThat(unreadable.reason()).doesNotContain("leaked-if-printed");
        });
        StepVerifier.create(store.accounts("github", "alice"))
                .expectError(UnreadableVaultRecordException.class)
                .verify(TIMEOUT);
    }
}
