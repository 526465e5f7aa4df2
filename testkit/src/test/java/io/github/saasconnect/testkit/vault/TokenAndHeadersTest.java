package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Contract Part B, section B: token and headers. */
class TokenAndHeadersTest {

    private static final VaultPolicy CREATE_ONLY =
            VaultPolicy.named("create-only").allow("secret/data/app/*", Capability.CREATE);

    private static final VaultPolicy APP = VaultPolicy.named("app")
            .allow("secret/data/app/*", Capability.CREATE, Capability.UPDATE, Capability.READ, Capability.DELETE)
            .allow("secret/delete/app/*", Capability.UPDATE)
            .allow("secret/metadata/app/*", Capability.LIST, Capability.READ, Capability.DELETE);

    private VaultTestServer server;

    @BeforeEach
    void start() {
        this.server = VaultTestServer.start(VaultTestServer.options()
                .token("root")
                .token("create-only-token", CREATE_ONLY)
                .token("app-token", APP)
                .token("reader-token", VaultPolicy.named("reader").allow("secret/data/*", Capability.READ))
                .appRole("role-1", "secret-1", APP));
    }

    @AfterEach
    void stop() {
        this.server.close();
    }

    @Test
    @DisplayName("B1 the token may come from Authorization: Bearer")
    void bearerTokenIsAccepted() {
        // Given a client that sends only a bearer token
        VaultHttp bearer = VaultHttp.anonymous(this.server).withHeader("Authorization", "Bearer root");

        // When it writes
        VaultHttp.Reply reply = bearer.post("/v1/secret/data/app/x", "{\"data\":{\"k\":\"v\"}}");

        // Then the token is accepted
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    @DisplayName("B1 X-Vault-Token wins over Authorization: Bearer")
    void vaultTokenHeaderWins() {
        // Given clients sending both headers, once with the good token in each
        VaultHttp goodVaultToken = new VaultHttp(this.server.uri(), "root").withHeader("Authorization", "Bearer nope");
        VaultHttp goodBearer = new VaultHttp(this.server.uri(), "nope").withHeader("Authorization", "Bearer root");

        // When both read
        VaultHttp.Reply first = goodVaultToken.get("/v1/secret/config");
        VaultHttp.Reply second = goodBearer.get("/v1/secret/config");

        // Then only the X-Vault-Token value counts
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(403);
    }

    @Test
    @DisplayName("B2 a missing token answers 403 permission denied, never 401")
    void missingTokenIs403() {
        // When a request carries no token
        VaultHttp.Reply reply = VaultHttp.anonymous(this.server).get("/v1/secret/data/app/x");

        // Then it is forbidden, with Vault's message
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.firstError()).contains("permission denied");
    }

    @Test
    @DisplayName("B2 an unknown token answers 403 with both permission denied and invalid token, never 401")
    void unknownTokenIs403() {
        // When a request carries a token the server never issued
        VaultHttp.Reply reply =
                new VaultHttp(this.server.uri(), "made-up").post("/v1/secret/data/app/x", "{\"data\":{\"k\":\"v\"}}");

        // Then it is forbidden with a multierror text naming both reasons
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.firstError()).contains("permission denied").contains("invalid token");
        assertThat(this.server.currentVersion("app/x")).isZero();
    }

    @Test
    @DisplayName("B3 a write needs create when the key is absent and update when it exists")
    void writeNeedsCreateThenUpdate() {
        // Given a token that may only create
        VaultHttp createOnly = new VaultHttp(this.server.uri(), "create-only-token");

        // When it writes a new key and then writes the same key again
        VaultHttp.Reply create = createOnly.post("/v1/secret/data/app/x", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply update = createOnly.post("/v1/secret/data/app/x", "{\"data\":{\"n\":2}}");

        // Then the creation passes and the update is denied
        assertThat(create.status()).isEqualTo(200);
        assertThat(update.status()).isEqualTo(403);
        assertThat(update.firstError()).isEqualTo("1 error occurred:\n\t* permission denied\n\n");
        assertThat(this.server.currentVersion("app/x")).isEqualTo(1);
    }

    @Test
    @DisplayName("B3 read, delete, the delete/ endpoint and list each need their own capability")
    void eachOperationNeedsItsCapability() {
        // Given a key, a token with the app policy and one that may only read data
        this.server.seed("app/x", Map.of("k", "v"));
        VaultHttp app = new VaultHttp(this.server.uri(), "app-token");
        VaultHttp reader = new VaultHttp(this.server.uri(), "reader-token");

        // When each token reads, soft-deletes, deletes versions, destroys and lists
        // Then the app token may do what its policy grants and nothing else
        assertThat(app.get("/v1/secret/data/app/x").status()).isEqualTo(200);
        assertThat(app.list("/v1/secret/metadata/app").status()).isEqualTo(200);
        assertThat(app.post("/v1/secret/delete/app/x", "{\"versions\":[1]}").status())
                .isEqualTo(204);
        assertThat(app.post("/v1/secret/destroy/app/x", "{\"versions\":[1]}").status())
                .isEqualTo(403);
        assertThat(app.delete("/v1/secret/data/app/x").status()).isEqualTo(204);
        assertThat(app.get("/v1/secret/config").status()).isEqualTo(403);
        // And the reader may read but neither delete nor list
        assertThat(reader.get("/v1/secret/data/app/x").status()).isEqualTo(404);
        assertThat(reader.delete("/v1/secret/data/app/x").status()).isEqualTo(403);
        assertThat(reader.list("/v1/secret/metadata/app").status()).isEqualTo(403);
        assertThat(reader.delete("/v1/secret/metadata/app/x").status()).isEqualTo(403);
    }

    @Test
    @DisplayName("B4 with a namespace configured, requests must name it in the header or the path, otherwise 403")
    void namespaceIsEnforced() {
        try (VaultTestServer namespaced =
                VaultTestServer.start(VaultTestServer.options().namespace("team-a"))) {
            // Given clients with the right header, a wrong header, no header, and a namespace path prefix
            VaultHttp base = new VaultHttp(namespaced);
            VaultHttp right = base.withHeader("X-Vault-Namespace", "team-a");
            VaultHttp wrong = base.withHeader("X-Vault-Namespace", "team-b");

            // When each writes
            VaultHttp.Reply viaHeader = right.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
            VaultHttp.Reply viaPath = base.post("/v1/team-a/secret/data/app", "{\"data\":{\"n\":2}}");
            VaultHttp.Reply wrongHeader = wrong.post("/v1/secret/data/app", "{\"data\":{\"n\":3}}");
            VaultHttp.Reply noNamespace = base.post("/v1/secret/data/app", "{\"data\":{\"n\":4}}");

            // Then the header and the path prefix reach the same key; the others are refused
            assertThat(viaHeader.status()).isEqualTo(200);
            assertThat(viaPath.status()).isEqualTo(200);
            assertThat(wrongHeader.status()).isEqualTo(403);
            assertThat(noNamespace.status()).isEqualTo(403);
            assertThat(namespaced.currentVersion("app")).isEqualTo(2);
            assertThat(namespaced.namespace()).isEqualTo("team-a");
        }
    }

    @Test
    @DisplayName("B5 lookup-self describes the token")
    void lookupSelf() {
        // When the root token looks itself up
        VaultHttp.Reply reply = new VaultHttp(this.server).get("/v1/auth/token/lookup-self");

        // Then Spring's session manager finds what it reads
        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("ttl").intValue()).isZero();
        assertThat(data.get("renewable").booleanValue()).isFalse();
        assertThat(data.get("type").stringValue()).isEqualTo("service");
        assertThat(data.get("accessor").stringValue()).isNotBlank();
        assertThat(data.get("policies").get(0).stringValue()).isEqualTo("root");
        assertThat(data.get("expire_time").isNull()).isTrue();
    }

    @Test
    @DisplayName("B5 AppRole login issues a token that renews, works with its policy, and stops after revoke-self")
    void appRoleLoginRenewAndRevoke() {
        // Given an AppRole login
        VaultHttp anonymous = VaultHttp.anonymous(this.server);
        VaultHttp.Reply login =
                anonymous.post("/v1/auth/approle/login", "{\"role_id\":\"role-1\",\"secret_id\":\"secret-1\"}");
        JsonNode auth = login.json().get("auth");
        VaultHttp client =
                new VaultHttp(this.server.uri(), auth.get("client_token").stringValue());

        // When the issued token renews, writes, revokes itself, then writes again
        VaultHttp.Reply renew = client.post("/v1/auth/token/renew-self", "{}");
        VaultHttp.Reply write = client.post("/v1/secret/data/app/x", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply revoke = client.post("/v1/auth/token/revoke-self", "{}");
        VaultHttp.Reply afterRevoke = client.post("/v1/secret/data/app/x", "{\"data\":{\"n\":2}}");

        // Then the login and renewal carry an auth block, the write passes, and the revoked token is refused
        assertThat(login.status()).isEqualTo(200);
        assertThat(auth.get("lease_duration").intValue()).isPositive();
        assertThat(auth.get("renewable").booleanValue()).isTrue();
        assertThat(auth.get("policies").get(0).stringValue()).isEqualTo("app");
        assertThat(renew.json().get("auth").get("client_token").stringValue())
                .isEqualTo(auth.get("client_token").stringValue());
        assertThat(write.status()).isEqualTo(200);
        assertThat(revoke.status()).isEqualTo(204);
        assertThat(afterRevoke.status()).isEqualTo(403);
        // And wrong credentials are refused
        assertThat(anonymous
                        .post("/v1/auth/approle/login", "{\"role_id\":\"role-1\",\"secret_id\":\"nope\"}")
                        .status())
                .isEqualTo(400);
    }
}
