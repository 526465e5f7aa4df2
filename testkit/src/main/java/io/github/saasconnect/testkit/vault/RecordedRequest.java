package io.github.saasconnect.testkit.vault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One request as the server saw it. Holds no secret: neither the token value nor any body value is recorded, only
 * where the token came from and whether {@code options.cas} was sent.
 *
 * @param receivedAt when the server decided the answer, on the server's clock
 * @param method the HTTP method as sent ({@code GET}, {@code LIST}, {@code POST}, …)
 * @param path the percent-decoded path as sent, for example {@code /v1/secret/data/app/token}
 * @param query the decoded query parameters (first value of each)
 * @param tokenSource which header carried a token, if any
 * @param namespace the {@code X-Vault-Namespace} header, or {@code null}
 * @param casPresent whether the JSON body had {@code options.cas}
 * @param cas the {@code options.cas} value when it was present and an integer
 * @param status the status the server answered, or would have answered when the connection was dropped
 * @param fault the injected fault, or {@code null}
 */
public record RecordedRequest(
        Instant receivedAt,
        String method,
        String path,
        Map<String, String> query,
        TokenSource tokenSource,
        String namespace,
        boolean casPresent,
        OptionalLong cas,
        int status,
        Fault fault) {

    /** Where the request carried its token. */
    public enum TokenSource {

        /** No token header. */
        NONE,

        /** {@code X-Vault-Token}. */
        X_VAULT_TOKEN,

        /** {@code Authorization: Bearer …}. */
        AUTHORIZATION_BEARER
    }

    public RecordedRequest {
        Objects.requireNonNull(receivedAt, "receivedAt must not be null");
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(tokenSource, "tokenSource must not be null");
        Objects.requireNonNull(cas, "cas must not be null");
        query = Map.copyOf(query);
    }

    /** The path without {@code /v1/}, for example {@code secret/data/app/token}. */
    public String vaultPath() {
        return this.path.startsWith(VaultRequest.PREFIX)
                ? this.path.substring(VaultRequest.PREFIX.length())
                : this.path;
    }

    /** Whether a fault was injected into this request. */
    public boolean faulted() {
        return this.fault != null;
    }
}
