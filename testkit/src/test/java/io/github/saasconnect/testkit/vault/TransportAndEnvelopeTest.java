package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Contract Part B, section A: transport and envelope. */
class TransportAndEnvelopeTest extends AbstractVaultServerTest {

    @Override
    VaultTestServer.Options options() {
        return VaultTestServer.options().addMount("team-kv");
    }

    @Test
    @DisplayName("A1 serves HTTP on 127.0.0.1 on an ephemeral port, under /v1/ only")
    void servesLoopbackOnEphemeralPort() {
        // Given a second server started alongside the first
        try (VaultTestServer other = VaultTestServer.start()) {
            // When both are asked where they listen
            // Then each has its own free port on the loopback address, and the default mount is "secret"
            assertThat(this.server.uri().getHost()).isEqualTo("127.0.0.1");
            assertThat(this.server.port()).isPositive().isNotEqualTo(other.port());
            assertThat(this.server.mount()).isEqualTo("secret");
        }
        // And a path outside /v1/ is not served
        assertThat(this.http.get("/secret/data/app").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("A1 additional mounts are served and kept apart from the primary mount")
    void additionalMountsAreServed() {
        // Given a key written to the additional mount
        VaultHttp.Reply write = this.http.post("/v1/team-kv/data/app", "{\"data\":{\"k\":\"v\"}}");

        // When it is read from both mounts
        VaultHttp.Reply fromTeam = this.http.get("/v1/team-kv/data/app");
        VaultHttp.Reply fromSecret = this.http.get("/v1/secret/data/app");

        // Then only the additional mount has it
        assertThat(write.status()).isEqualTo(200);
        assertThat(fromTeam.data().get("data").get("k").stringValue()).isEqualTo("v");
        assertThat(fromSecret.status()).isEqualTo(404);
        assertThat(this.server.readCurrent("team-kv", "app")).contains(Map.of("k", "v"));
    }

    @Test
    @DisplayName("A1 a path under an unknown mount answers 404 no handler for route")
    void unknownMountAnswersNoHandlerForRoute() {
        // When a path under a mount that does not exist is read
        VaultHttp.Reply reply = this.http.get("/v1/nosuch/data/app");

        // Then the answer is Vault's route-not-found error
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("errors").size()).isEqualTo(1);
        assertThat(reply.firstError()).isEqualTo("no handler for route \"nosuch/data/app\". route entry not found.");
    }

    @Test
    @DisplayName("A2 success bodies are JSON in Vault's envelope")
    void successBodiesUseTheEnvelope() {
        // When a key is written
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", "{\"data\":{\"k\":\"v\"}}");

        // Then the body is the standard envelope with a UUID request id
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode body = reply.json();
        assertThat(UUID.fromString(body.get("request_id").stringValue())).isNotNull();
        assertThat(body.get("lease_id").stringValue()).isEmpty();
        assertThat(body.get("renewable").booleanValue()).isFalse();
        assertThat(body.get("lease_duration").intValue()).isZero();
        assertThat(body.get("data").isObject()).isTrue();
        assertThat(body.get("wrap_info").isNull()).isTrue();
        assertThat(body.get("warnings").isNull()).isTrue();
        assertThat(body.get("auth").isNull()).isTrue();
        assertThat(body.get("mount_type").stringValue()).isEqualTo("kv");
    }

    @Test
    @DisplayName("A3 errors are {\"errors\":[…]}, a plain 404 has an empty array, and 204 has no body")
    void errorAndNoContentBodies() {
        // When an absent key is read, a bad write is sent, and a key is deleted
        VaultHttp.Reply notFound = this.http.get("/v1/secret/data/absent");
        VaultHttp.Reply badRequest = this.http.post("/v1/secret/data/app", "{}");
        VaultHttp.Reply noContent = this.http.delete("/v1/secret/metadata/app");

        // Then the error bodies are JSON error arrays and the 204 carries nothing
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.contentType()).isEqualTo("application/json");
        assertThat(notFound.body()).isEqualTo("{\"errors\":[]}");
        assertThat(badRequest.status()).isEqualTo(400);
        assertThat(badRequest.contentType()).isEqualTo("application/json");
        assertThat(badRequest.json().get("errors").isArray()).isTrue();
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.body()).isEmpty();
        assertThat(noContent.contentType()).isNull();
    }

    @Test
    @DisplayName("A4 GET with ?list=true lists; an unparseable list flag is a 400")
    void getWithListFlagLists() {
        // Given a key
        this.server.seed("app/one", Map.of("k", "v"));

        // When the folder is listed with LIST, with GET ?list=true, and with a bad list flag
        VaultHttp.Reply list = this.http.list("/v1/secret/metadata/app");
        VaultHttp.Reply getList = this.http.get("/v1/secret/metadata/app?list=true");
        VaultHttp.Reply badFlag = this.http.get("/v1/secret/metadata/app?list=maybe");

        // Then both list forms answer the same keys (the list path gets its trailing slash) and the bad flag fails
        assertThat(list.data().get("keys").get(0).stringValue()).isEqualTo("one");
        assertThat(getList.data().get("keys").get(0).stringValue()).isEqualTo("one");
        assertThat(badFlag.status()).isEqualTo(400);
    }

    @Test
    @DisplayName("A4 POST and PUT both write")
    void postAndPutBothWrite() {
        // When a key is written with POST and then with PUT
        VaultHttp.Reply post = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply put = this.http.put("/v1/secret/data/app", "{\"data\":{\"n\":2}}");

        // Then both created a version
        assertThat(post.data().get("version").intValue()).isEqualTo(1);
        assertThat(put.data().get("version").intValue()).isEqualTo(2);
        assertThat(this.server.readCurrent("app")).contains(Map.of("n", 2));
    }

    @Test
    @DisplayName("A4 PATCH needs application/merge-patch+json, otherwise 415")
    void patchNeedsMergePatchContentType() {
        // Given a key
        this.server.seed("app", Map.of("a", "1", "b", "2"));

        // When it is patched with a plain JSON content type, then with the merge-patch type
        VaultHttp.Reply plain = this.http.send("PATCH", "/v1/secret/data/app", "{\"data\":{\"b\":null}}");
        VaultHttp.Reply merge = this.http.send(
                "PATCH",
                "/v1/secret/data/app",
                "{\"data\":{\"b\":null,\"c\":\"3\"}}",
                "Content-Type",
                "application/merge-patch+json");

        // Then the first is refused with 415 and the second applies the merge patch as a new version
        assertThat(plain.status()).isEqualTo(415);
        assertThat(merge.status()).isEqualTo(200);
        assertThat(merge.data().get("version").intValue()).isEqualTo(2);
        assertThat(this.server.readCurrent("app")).contains(Map.of("a", "1", "c", "3"));
    }

    @Test
    @DisplayName("A4 an unknown method, or an operation the path does not support, answers 405 unsupported operation")
    void unsupportedOperationsAnswer405() {
        // When a made-up method is sent, and a LIST is sent to data/
        VaultHttp.Reply unknownMethod = this.http.send("BREW", "/v1/secret/data/app", null);
        VaultHttp.Reply listOnData = this.http.list("/v1/secret/data/app");

        // Then both are 405 unsupported operation
        assertThat(unknownMethod.status()).isEqualTo(405);
        assertThat(unknownMethod.firstError()).isEqualTo("unsupported operation");
        assertThat(listOnData.status()).isEqualTo(405);
        assertThat(listOnData.firstError()).isEqualTo("unsupported operation");
    }

    @Test
    @DisplayName("A5 a body that is not valid JSON answers 400")
    void unparseableJsonAnswers400() {
        // When a write carries broken JSON
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", "{\"data\": {");

        // Then it is refused and nothing is stored
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").size()).isEqualTo(1);
        assertThat(this.server.currentVersion("app")).isZero();
    }

    @Test
    @DisplayName("A5 an empty body on a data write answers 400 no data provided")
    void emptyBodyOnWriteAnswersNoDataProvided() {
        // When a data write has no body at all
        VaultHttp.Reply reply = this.http.send("POST", "/v1/secret/data/app", null);

        // Then it is refused with Vault's message
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError()).isEqualTo("no data provided");
    }

    @Test
    @DisplayName(
            "A6 every request is recorded with method, decoded path, query, CAS presence, token source and namespace")
    void requestsAreRecorded() {
        // Given one write with CAS, one without, and a read with a query, one of them naming a namespace
        this.http.post(
                "/v1/secret/data/app", "{\"data\":{\"refresh_token\":\"s3cr3t-value\"},\"options\":{\"cas\":0}}");
        this.http.withHeader("X-Vault-Namespace", "team").post("/v1/secret/data/other", "{\"data\":{\"k\":\"v\"}}");
        VaultHttp.anonymous(this.server)
                .withHeader("Authorization", "Bearer " + this.server.token())
                .get("/v1/secret/data/app%2Fx?version=1");

        // When the log is read
        List<RecordedRequest> requests = this.server.requests();

        // Then the wire traffic is visible
        assertThat(requests).hasSize(3);
        RecordedRequest withCas = requests.get(0);
        assertThat(withCas.method()).isEqualTo("POST");
        assertThat(withCas.path()).isEqualTo("/v1/secret/data/app");
        assertThat(withCas.vaultPath()).isEqualTo("secret/data/app");
        assertThat(withCas.casPresent()).isTrue();
        assertThat(withCas.cas()).hasValue(0);
        assertThat(withCas.tokenSource()).isEqualTo(RecordedRequest.TokenSource.X_VAULT_TOKEN);
        assertThat(withCas.status()).isEqualTo(200);
        assertThat(withCas.faulted()).isFalse();
        RecordedRequest withoutCas = requests.get(1);
        assertThat(withoutCas.casPresent()).isFalse();
        assertThat(withoutCas.cas()).isEmpty();
        assertThat(withoutCas.namespace()).isEqualTo("team");
        RecordedRequest read = requests.get(2);
        assertThat(read.path()).isEqualTo("/v1/secret/data/app/x");
        assertThat(read.query()).containsEntry("version", "1");
        assertThat(read.tokenSource()).isEqualTo(RecordedRequest.TokenSource.AUTHORIZATION_BEARER);
        assertThat(read.status()).isEqualTo(404);
        // And neither the token value nor any secret value is recorded
        assertThat(requests.toString()).doesNotContain(this.server.token()).doesNotContain("s3cr3t-value");
    }
}
