package io.github.saasconnect.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.saasconnect.store.ConnectionRecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stored form of a connection record: every field survives a round trip, and broken input is rejected
 * with the field named and no stored value echoed. (In this package because store tests belong to the store's
 * owner; the codec is public.)
 */
class ConnectionRecordCodecTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00.123456789Z");

    private final ConnectionRecordCodec codec = new ConnectionRecordCodec();

    @Test
    void fullRecordSurvivesAJsonRoundTrip() {
        // Given every field set, a 3,000-character access token (JWT-sized), a lease and a last error
        ConnectionRecord record = full();

        // When
        ConnectionRecord read = codec.fromJson(codec.toJson(record));

        // Then
        assertThat(read).isEqualTo(record);
        assertThat(read.accessToken().reveal())
                .hasSize(3000)
                .isEqualTo(record.accessToken().reveal());
        assertThat(read.lease()).isEqualTo(record.lease());
        assertThat(read.lastError()).isEqualTo(record.lastError());
        assertThat(read.accessTokenExpiresAt()).isEqualTo(T.plusSeconds(3600));
    }

    @Test
    void fullRecordSurvivesAMapRoundTrip() {
        // Given
        ConnectionRecord record = full();

        // When
        ConnectionRecord read = codec.fromMap(codec.toMap(record));

        // Then
        assertThat(read).isEqualTo(record);
    }

    @Test
    void minimalRecordSurvivesARoundTrip() {
        // Given no refresh token, no expiries, no lease, no error, no scopes or attributes
        ConnectionRecord record = new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                ConnectionId.of("github", "bob"),
                ConnectionStatus.ACTIVE,
                null,
                null,
                Secret.of("gho_x"),
                null,
                null,
                null,
                null,
                T,
                T,
                null,
                null,
                "g2");

        // When
        ConnectionRecord read = codec.fromJson(codec.toJson(record));

        // Then
        assertThat(read).isEqualTo(record);
        assertThat(read.refreshToken()).isNull();
        assertThat(read.accessTokenExpiresAt()).isNull();
        assertThat(read.tokenType()).isEqualTo("Bearer");
    }

    @Test
    void storedFieldNamesAreTheSchema() {
        // When
        Map<String, Object> map = codec.toMap(full());

        // Then
        assertThat(map)
                .containsKeys(
                        "schema",
                        "registration",
                        "owner",
                        "status",
                        "refresh_token",
                        "refresh_token_expires_at",
                        "access_token",
                        "access_token_expires_at",
                        "token_type",
                        "scopes",
                        "attributes",
                        "connected_at",
                        "last_refreshed_at",
                        "lease_holder",
                        "lease_until",
                        "lease_attempt",
                        "error_kind",
                        "error_code",
                        "error_at",
                        "generation");
        assertThat(map.get("lease_until")).isEqualTo(T.plusSeconds(30).toString());
        assertThat(map.get("error_kind")).isEqualTo("TRANSIENT");
    }

    @Test
    void recordOfANewerSchemaIsRejected() {
        // Given
        Map<String, Object> map = new LinkedHashMap<>(codec.toMap(full()));
        map.put("schema", ConnectionRecord.NAMED_ACCOUNT_SCHEMA + 1);

        // Then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> codec.fromMap(map))
                .withMessageContaining("newer than this version reads");
    }

    @Test
    void missingFieldIsNamed() {
        // Given
        Map<String, Object> map = new LinkedHashMap<>(codec.toMap(full()));
        map.remove("access_token");

        // Then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> codec.fromMap(map))
                .withMessageContaining("'access_token'");
    }

    @Test
    void brokenJsonIsRejectedWithoutEchoingTheStoredTokens() {
        // Given a truncated record
        byte[] json = codec.toJson(full());
        String text = new String(json, StandardCharsets.UTF_8);
        byte[] truncated =
                text.substring(0, text.indexOf("\"access_token\"") + 40).getBytes(StandardCharsets.UTF_8);

        // Then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> codec.fromJson(truncated))
                .withMessageContaining("not valid JSON")
                .satisfies(
                        e -> assertThat(e.toString()).doesNotContain("refresh-").doesNotContain("aaaaaaaaaa"));
    }

    private static ConnectionRecord full() {
        return new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                ConnectionId.of("microsoft-2", "tenant/ünïcødé 用户 \uD83D\uDE00"),
                ConnectionStatus.ACTIVE,
                Secret.of("refresh-" + "r".repeat(1200)),
                T.plusSeconds(90L * 24 * 3600),
                Secret.of("a".repeat(3000)),
                T.plusSeconds(3600),
                "Bearer",
                Set.of("User.Read", "Mail.Read", "offline_access"),
                Map.of("tid", "9188040d-6c67-4c5b-b112-36a304b66dad", "base_uri", "https://na3.docusign.net"),
                T.minusSeconds(86_400),
                T,
                new RefreshLease(
                        "host-1/1234@node/ab12cd34", T.plusSeconds(30), "6f1c2a9e-0000-4000-8000-000000000001"),
                new ConnectionError(FailureKind.TRANSIENT, "temporarily_unavailable", T.minusSeconds(5)),
                "gen-7");
    }
}
