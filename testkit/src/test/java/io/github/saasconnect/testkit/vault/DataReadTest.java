package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Contract Part B, section G: {@code GET data/} (read). */
class DataReadTest extends AbstractVaultServerTest {

    private static final String PLAIN_404 = "{\"errors\":[]}";

    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");

    @Override
    VaultTestServer.Options options() {
        return VaultTestServer.options().clock(this.clock);
    }

    @Test
    @DisplayName("G1 a key without metadata answers 404 {\"errors\":[]}")
    void absentKeyIsPlain404() {
        // When a key that never existed is read
        VaultHttp.Reply reply = this.http.get("/v1/secret/data/absent");

        // Then the answer is the plain 404
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(PLAIN_404);
    }

    @Test
    @DisplayName("G2 ?version=N reads that version; no version means the current one")
    void versionParameterSelectsTheVersion() {
        // Given a key with two versions
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));

        // When version 1, version 0 and no version are read
        VaultHttp.Reply first = this.http.get("/v1/secret/data/app?version=1");
        VaultHttp.Reply zero = this.http.get("/v1/secret/data/app?version=0");
        VaultHttp.Reply current = this.http.get("/v1/secret/data/app");

        // Then N > 0 selects N, anything else the current version
        assertThat(first.data().get("data").get("n").intValue()).isEqualTo(1);
        assertThat(first.data().get("metadata").get("version").intValue()).isEqualTo(1);
        assertThat(zero.data().get("metadata").get("version").intValue()).isEqualTo(2);
        assertThat(current.data().get("data").get("n").intValue()).isEqualTo(2);
    }

    @Test
    @DisplayName("G2 a version never written, a pruned version and a metadata-only key answer the plain 404")
    void missingVersionsArePlain404() {
        // Given a key pruned to one version, and a key with metadata but no version
        this.server.seed("app", Map.of("n", 1));
        this.http.post("/v1/secret/metadata/app", "{\"max_versions\":1}");
        this.server.seed("app", Map.of("n", 2));
        this.http.post("/v1/secret/metadata/empty", "{\"max_versions\":5}");

        // When the future, the pruned and the empty versions are read
        VaultHttp.Reply future = this.http.get("/v1/secret/data/app?version=9");
        VaultHttp.Reply pruned = this.http.get("/v1/secret/data/app?version=1");
        VaultHttp.Reply empty = this.http.get("/v1/secret/data/empty");

        // Then each is the plain 404
        for (VaultHttp.Reply reply : new VaultHttp.Reply[] {future, pruned, empty}) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.body()).isEqualTo(PLAIN_404);
        }
    }

    @Test
    @DisplayName("G3 a soft-deleted version answers 404 with the full envelope, data null and its deletion_time")
    void deletedVersionAnswers404WithEnvelope() {
        // Given a key whose current version is soft-deleted
        this.server.seed("app", Map.of("n", 1));
        this.http.delete("/v1/secret/data/app");

        // When it is read
        VaultHttp.Reply reply = this.http.get("/v1/secret/data/app");

        // Then it is a 404 whose body is an envelope with null data and the version's metadata
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("deletion_time");
        JsonNode body = reply.json();
        assertThat(body.get("request_id").stringValue()).isNotBlank();
        assertThat(body.get("data").get("data").isNull()).isTrue();
        JsonNode metadata = body.get("data").get("metadata");
        assertThat(metadata.get("version").intValue()).isEqualTo(1);
        assertThat(metadata.get("deletion_time").stringValue()).isEqualTo("2026-11-25T10:00:00.000000000Z");
        assertThat(metadata.get("destroyed").booleanValue()).isFalse();
        assertThat(metadata.has("created_time")).isTrue();
        assertThat(metadata.has("custom_metadata")).isTrue();
    }

    @Test
    @DisplayName("G3 a version whose scheduled deletion_time has passed counts as deleted")
    void scheduledDeletionTakesEffectWhenDue() {
        // Given a version scheduled for deletion in ten minutes
        this.http.post("/v1/secret/metadata/app", "{\"delete_version_after\":\"10m\"}");
        this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");

        // When it is read before and after that time
        VaultHttp.Reply before = this.http.get("/v1/secret/data/app");
        this.clock.advance(Duration.ofMinutes(10));
        VaultHttp.Reply after = this.http.get("/v1/secret/data/app");

        // Then it is live before and deleted from the deletion time on
        assertThat(before.status()).isEqualTo(200);
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.data().get("data").isNull()).isTrue();
    }

    @Test
    @DisplayName("G4 a destroyed version answers 404 with the envelope, destroyed:true and an empty deletion_time")
    void destroyedVersionAnswers404WithEnvelope() {
        // Given a destroyed version that was never soft-deleted, and one that was
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));
        this.http.post("/v1/secret/destroy/app", "{\"versions\":[1]}");
        this.http.delete("/v1/secret/data/app");
        this.http.post("/v1/secret/destroy/app", "{\"versions\":[2]}");

        // When both are read
        VaultHttp.Reply neverDeleted = this.http.get("/v1/secret/data/app?version=1");
        VaultHttp.Reply deletedFirst = this.http.get("/v1/secret/data/app?version=2");

        // Then both are 404 envelopes marked destroyed; only the second keeps a deletion time
        assertThat(neverDeleted.status()).isEqualTo(404);
        assertThat(neverDeleted.data().get("data").isNull()).isTrue();
        assertThat(neverDeleted.data().get("metadata").get("destroyed").booleanValue())
                .isTrue();
        assertThat(neverDeleted.data().get("metadata").get("deletion_time").stringValue())
                .isEmpty();
        assertThat(deletedFirst.status()).isEqualTo(404);
        assertThat(deletedFirst.data().get("metadata").get("destroyed").booleanValue())
                .isTrue();
        assertThat(deletedFirst.data().get("metadata").get("deletion_time").stringValue())
                .isNotEmpty();
    }

    @Test
    @DisplayName("G5 a live version answers 200 with its data and metadata, showing a future deletion_time")
    void liveVersionAnswers200() {
        // Given a version scheduled for deletion in one hour
        this.http.post("/v1/secret/metadata/app", "{\"delete_version_after\":3600,\"custom_metadata\":{\"o\":\"t\"}}");
        this.http.post("/v1/secret/data/app", "{\"data\":{\"token\":{\"access\":\"a\",\"ttl\":60}}}");

        // When it is read
        VaultHttp.Reply reply = this.http.get("/v1/secret/data/app");

        // Then the stored map and the version metadata come back
        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("data").get("token").get("access").stringValue()).isEqualTo("a");
        assertThat(data.get("data").get("token").get("ttl").intValue()).isEqualTo(60);
        JsonNode metadata = data.get("metadata");
        assertThat(metadata.get("version").intValue()).isEqualTo(1);
        assertThat(metadata.get("created_time").stringValue()).isEqualTo("2026-11-25T10:00:00.000000000Z");
        assertThat(metadata.get("deletion_time").stringValue()).isEqualTo("2026-11-25T11:00:00.000000000Z");
        assertThat(metadata.get("destroyed").booleanValue()).isFalse();
        assertThat(metadata.get("custom_metadata").get("o").stringValue()).isEqualTo("t");
    }

    @Test
    @DisplayName("G5 subkeys/ answers the structure of a live version with leaf values replaced by null")
    void subkeysAnswerTheStructure() {
        // Given a nested secret
        this.http.post("/v1/secret/data/app", "{\"data\":{\"token\":{\"access\":\"a\"},\"user\":\"u\"}}");

        // When its subkeys are read
        VaultHttp.Reply reply = this.http.get("/v1/secret/subkeys/app");

        // Then no value is revealed
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("subkeys").toString()).isEqualTo("{\"token\":{\"access\":null},\"user\":null}");
        assertThat(reply.data().get("metadata").get("version").intValue()).isEqualTo(1);
    }

    @Test
    @DisplayName("G6 a version that is not an integer answers 400")
    void nonIntegerVersionIs400() {
        // Given a key
        this.server.seed("app", Map.of("n", 1));

        // When it is read with a non-integer version
        VaultHttp.Reply reply = this.http.get("/v1/secret/data/app?version=latest");

        // Then the request is refused
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").size()).isEqualTo(1);
    }
}
