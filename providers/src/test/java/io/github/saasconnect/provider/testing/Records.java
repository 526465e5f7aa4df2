package io.github.saasconnect.provider.testing;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Stored connections for tests. */
public final class Records {

    private Records() {}

    /** An active connection with these tokens (refresh token may be {@code null}) and attributes. */
    public static ConnectionRecord active(
            ConnectionId id,
            String accessToken,
            Instant accessTokenExpiresAt,
            String refreshToken,
            Map<String, String> attributes,
            Instant now) {
        return new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                Secret.ofNullable(refreshToken),
                null,
                Secret.of(accessToken),
                accessTokenExpiresAt,
                "Bearer",
                Set.of(),
                attributes,
                now.minusSeconds(86_400),
                now.minusSeconds(3_600),
                null,
                null,
                "g1");
    }
}
