package io.github.saasconnect.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingAuthorizationCodecTest {

    private final PendingAuthorizationCodec codec = new PendingAuthorizationCodec();
    private final String key = PendingAuthorization.keyOf("state");

    @Test
    void theNonceMakesTheRoundTrip() {
        PendingAuthorization p = new PendingAuthorization(
                key,
                ConnectionId.of("google", "alice"),
                URI.create("https://app.example/cb"),
                "/",
                Secret.of("verifier"),
                Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:10:00Z"),
                Secret.of("the-nonce"));

        PendingAuthorization read = codec.fromJson(codec.toJson(p));

        assertThat(read.nonce().reveal()).isEqualTo("the-nonce");
        assertThat(codec.toMap(p)).containsEntry("schema", 1);
    }

    @Test
    void anEntryOfThePreviousReleaseWithoutNonceStillReads() {
        String previous = "{\"schema\":1,\"key\":\"" + key + "\",\"registration\":\"google\",\"owner\":\"alice\","
                + "\"redirect_uri\":\"https://app.example/cb\",\"return_to\":\"/\",\"code_verifier\":\"v\","
                + "\"created_at\":\"2026-11-25T10:00:00Z\",\"expires_at\":\"2026-11-25T10:10:00Z\"}";

        PendingAuthorization read = codec.fromJson(previous.getBytes(StandardCharsets.UTF_8));

        assertThat(read.nonce()).isNull();
        assertThat(read.codeVerifier().reveal()).isEqualTo("v");
        assertThat(codec.toMap(read)).doesNotContainKey("nonce");
    }

    @Test
    void theExtraScopesMakeTheRoundTripInOrderAndAreLeftOutWhenThereAreNone() {
        PendingAuthorization p = new PendingAuthorization(
                key,
                ConnectionId.of("google", "alice"),
                URI.create("https://app.example/cb"),
                "/",
                null,
                Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:10:00Z"),
                null,
                new java.util.LinkedHashSet<>(
                        java.util.List.of("https://www.googleapis.com/auth/drive.readonly", "calendar")));

        PendingAuthorization read = codec.fromJson(codec.toJson(p));

        assertThat(read.scopes()).containsExactly("https://www.googleapis.com/auth/drive.readonly", "calendar");
        assertThat(read).isEqualTo(p);
        assertThat(codec.toMap(new PendingAuthorization(
                        key, p.connection(), p.redirectUri(), "/", null, p.createdAt(), p.expiresAt())))
                .doesNotContainKey("scopes");
    }

    @Test
    void theAccountBeingReconnectedMakesTheRoundTripAndOldEntriesReadAsTheDefaultConnection() {
        PendingAuthorization p = new PendingAuthorization(
                key,
                ConnectionId.of("github", "alice", "583231"),
                URI.create("https://app.example/cb"),
                "/",
                null,
                Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:10:00Z"));

        PendingAuthorization read = codec.fromJson(codec.toJson(p));

        assertThat(read.connection()).isEqualTo(ConnectionId.of("github", "alice", "583231"));
        assertThat(codec.toMap(p)).containsEntry("account", "583231").containsEntry("schema", 1);
        String previous = "{\"schema\":1,\"key\":\"" + key + "\",\"registration\":\"github\",\"owner\":\"alice\","
                + "\"redirect_uri\":\"https://app.example/cb\",\"return_to\":\"/\","
                + "\"created_at\":\"2026-11-25T10:00:00Z\",\"expires_at\":\"2026-11-25T10:10:00Z\"}";
        assertThat(codec.fromJson(previous.getBytes(StandardCharsets.UTF_8)).connection())
                .isEqualTo(ConnectionId.of("github", "alice"));
        assertThat(codec.toMap(new PendingAuthorization(
                        key,
                        ConnectionId.of("github", "alice"),
                        p.redirectUri(),
                        "/",
                        null,
                        p.createdAt(),
                        p.expiresAt())))
                .doesNotContainKey("account");
    }
}
