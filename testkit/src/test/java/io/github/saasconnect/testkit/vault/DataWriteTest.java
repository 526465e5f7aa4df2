package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Contract Part B, section F: {@code POST|PUT data/} (write). */
class DataWriteTest extends AbstractVaultServerTest {

    private static final String CAS_MISMATCH_BODY =
            "{\"errors\":[\"check-and-set parameter did not match the current version\"]}";

    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00.123456789Z");

    @Override
    VaultTestServer.Options options() {
        return VaultTestServer.options().clock(this.clock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"data\":null}", "{\"options\":{\"cas\":0}}"})
    @DisplayName("F1 a write without data answers 400 no data provided")
    void writeWithoutDataIsRefused(String body) {
        // When a write has no data field
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", body);

        // Then it is refused with Vault's message and nothing is stored
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError()).isEqualTo("no data provided");
        assertThat(this.server.currentVersion("app")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\":\"text\"}", "{\"data\":[1,2]}", "{\"data\":42}", "[]"})
    @DisplayName("F1 data that is not a JSON object answers 400")
    void writeWithNonObjectDataIsRefused(String body) {
        // When a write's data is not a map
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", body);

        // Then it is refused and nothing is stored
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").size()).isEqualTo(1);
        assertThat(this.server.currentVersion("app")).isZero();
    }

    @Test
    @DisplayName("F2 a key without metadata counts as current_version 0")
    void absentKeyIsVersionZero() {
        // When an absent key is written with cas:1, then with cas:0
        VaultHttp.Reply casOne = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1},\"options\":{\"cas\":1}}");
        VaultHttp.Reply casZero = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1},\"options\":{\"cas\":0}}");

        // Then only cas:0 matches, creating version 1
        assertThat(casOne.status()).isEqualTo(400);
        assertThat(casZero.status()).isEqualTo(200);
        assertThat(casZero.data().get("version").intValue()).isEqualTo(1);
    }

    @Test
    @DisplayName("F3 a CAS mismatch answers 400 with Vault's exact JSON body and changes nothing")
    void casMismatchAnswersExactBody() {
        // Given a key at version 2
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));

        // When it is written with a stale cas:1
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":3},\"options\":{\"cas\":1}}");

        // Then the answer is exactly the CAS error and the key is unchanged
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.body()).isEqualTo(CAS_MISMATCH_BODY);
        assertThat(this.server.currentVersion("app")).isEqualTo(2);
        assertThat(this.server.readCurrent("app")).contains(Map.of("n", 2));
    }

    @Test
    @DisplayName("F3 a numeric string is accepted as cas")
    void numericStringCasIsAccepted() {
        // Given a key at version 1
        this.server.seed("app", Map.of("n", 1));

        // When it is written with cas:"1"
        VaultHttp.Reply reply =
                this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":2},\"options\":{\"cas\":\"1\"}}");

        // Then the CAS matches
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("version").intValue()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"one\"", "1.5", "true", "null", "{}", "\"\""})
    @DisplayName("F3 a cas that cannot be read as an integer answers 400 error parsing check-and-set parameter")
    void unreadableCasIsRefused(String cas) {
        // When a write carries an unreadable cas
        VaultHttp.Reply reply =
                this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1},\"options\":{\"cas\":" + cas + "}}");

        // Then it is refused and nothing is stored
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError()).isEqualTo("error parsing check-and-set parameter");
        assertThat(this.server.currentVersion("app")).isZero();
    }

    @Test
    @DisplayName("F3 cas_required on the engine config makes a write without cas answer 400")
    void engineCasRequiredRefusesWritesWithoutCas() {
        // Given the engine requires CAS
        this.http.post("/v1/secret/config", "{\"cas_required\":true}");

        // When a key is written without and with cas
        VaultHttp.Reply withoutCas = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply withCas = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1},\"options\":{\"cas\":0}}");

        // Then only the CAS write passes
        assertThat(withoutCas.status()).isEqualTo(400);
        assertThat(withoutCas.firstError()).isEqualTo("check-and-set parameter required for this call");
        assertThat(withCas.status()).isEqualTo(200);
    }

    @Test
    @DisplayName("F3 cas_required on the key's metadata makes a write without cas answer 400")
    void keyCasRequiredRefusesWritesWithoutCas() {
        // Given a key whose metadata requires CAS
        this.http.post("/v1/secret/metadata/app", "{\"cas_required\":true}");

        // When it is written without cas, and another key is written without cas
        VaultHttp.Reply withoutCas = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply otherKey = this.http.post("/v1/secret/data/other", "{\"data\":{\"n\":1}}");

        // Then only the key with cas_required refuses
        assertThat(withoutCas.status()).isEqualTo(400);
        assertThat(withoutCas.firstError()).isEqualTo("check-and-set parameter required for this call");
        assertThat(otherKey.status()).isEqualTo(200);
    }

    @Test
    @DisplayName("F4 a write adds a version stamped now, in RFC 3339 UTC with nanoseconds, not deleted, not destroyed")
    void writeStampsTheNewVersion() {
        // Given a first write at one instant
        this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
        this.clock.advance(Duration.ofSeconds(5));

        // When a second write happens five seconds later
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":2}}");

        // Then the version is 2, stamped with the later time, and the key keeps its first creation time
        JsonNode data = reply.data();
        assertThat(data.get("version").intValue()).isEqualTo(2);
        assertThat(data.get("created_time").stringValue()).isEqualTo("2026-11-25T10:00:05.123456789Z");
        assertThat(data.get("deletion_time").stringValue()).isEmpty();
        assertThat(data.get("destroyed").booleanValue()).isFalse();
        JsonNode metadata = this.http.get("/v1/secret/metadata/app").data();
        assertThat(metadata.get("created_time").stringValue()).isEqualTo("2026-11-25T10:00:00.123456789Z");
        assertThat(metadata.get("updated_time").stringValue()).isEqualTo("2026-11-25T10:00:05.123456789Z");
        assertThat(metadata.get("current_version").intValue()).isEqualTo(2);
    }

    @Test
    @DisplayName("F4 delete_version_after stamps new versions with a deletion time, the smaller of key and engine")
    void deleteVersionAfterStampsDeletionTime() {
        // Given an engine limit of one hour and a key limit of ten minutes
        this.http.post("/v1/secret/config", "{\"delete_version_after\":\"1h\"}");
        this.http.post("/v1/secret/metadata/app", "{\"delete_version_after\":\"10m\"}");

        // When the key and another key are written
        VaultHttp.Reply app = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
        VaultHttp.Reply other = this.http.post("/v1/secret/data/other", "{\"data\":{\"n\":1}}");

        // Then each version is scheduled for deletion by the effective duration
        assertThat(app.data().get("deletion_time").stringValue()).isEqualTo("2026-11-25T10:10:00.123456789Z");
        assertThat(other.data().get("deletion_time").stringValue()).isEqualTo("2026-11-25T11:00:00.123456789Z");
    }

    @Test
    @DisplayName("F5 versions beyond max_versions are removed for good and oldest_version moves up")
    void oldVersionsArePruned() {
        // Given a key that keeps three versions
        this.http.post("/v1/secret/metadata/app", "{\"max_versions\":3}");

        // When it is written five times
        for (int n = 1; n <= 5; n++) {
            this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":" + n + "}}");
        }

        // Then versions 1 and 2 are gone, 3 to 5 remain
        JsonNode metadata = this.http.get("/v1/secret/metadata/app").data();
        assertThat(metadata.get("oldest_version").intValue()).isEqualTo(3);
        assertThat(metadata.get("current_version").intValue()).isEqualTo(5);
        assertThat(metadata.get("versions").propertyNames()).containsExactly("3", "4", "5");
        VaultHttp.Reply pruned = this.http.get("/v1/secret/data/app?version=2");
        assertThat(pruned.status()).isEqualTo(404);
        assertThat(pruned.body()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    @DisplayName("F5 the window is max(key, engine) max_versions, and 10 when both are 0")
    void pruningWindowIsTheLargerSetting() {
        // Given a key limit of 2 under an engine limit of 4, and a key with no limit at all
        this.http.post("/v1/secret/config", "{\"max_versions\":4}");
        this.http.post("/v1/secret/metadata/small", "{\"max_versions\":2}");
        try (VaultTestServer defaults = VaultTestServer.start()) {
            // When each key is written twelve times
            for (int n = 1; n <= 12; n++) {
                this.server.seed("small", Map.of("n", n));
                defaults.seed("plain", Map.of("n", n));
            }

            // Then the first keeps four versions and the second keeps ten
            JsonNode small = this.http.get("/v1/secret/metadata/small").data();
            assertThat(small.get("versions").size()).isEqualTo(4);
            assertThat(small.get("oldest_version").intValue()).isEqualTo(9);
            JsonNode plain =
                    new VaultHttp(defaults).get("/v1/secret/metadata/plain").data();
            assertThat(plain.get("versions").size()).isEqualTo(10);
            assertThat(plain.get("oldest_version").intValue()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("F6 a successful write answers 200 with the new version's metadata")
    void writeAnswersVersionMetadata() {
        // Given a key with custom metadata
        this.http.post("/v1/secret/metadata/app", "{\"custom_metadata\":{\"owner\":\"team-a\"}}");

        // When it is written
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");

        // Then the envelope's data is exactly the version metadata
        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.propertyNames())
                .containsExactlyInAnyOrder("version", "created_time", "deletion_time", "destroyed", "custom_metadata");
        assertThat(data.get("version").intValue()).isEqualTo(1);
        assertThat(data.get("custom_metadata").get("owner").stringValue()).isEqualTo("team-a");
    }

    @Test
    @DisplayName("F7 after a soft delete or destroy of the latest version, cas:0 fails and cas:current works")
    void writeAfterDeleteNeedsCurrentVersion() {
        // Given a key whose version 1 is soft-deleted and whose version 2 is destroyed
        this.server.seed("app", Map.of("n", 1));
        this.http.delete("/v1/secret/data/app");
        this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":2},\"options\":{\"cas\":1}}");
        this.http.post("/v1/secret/destroy/app", "{\"versions\":[2]}");

        // When it is written with cas:0, then with cas:2
        VaultHttp.Reply casZero = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":3},\"options\":{\"cas\":0}}");
        VaultHttp.Reply casCurrent =
                this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":3},\"options\":{\"cas\":2}}");

        // Then only cas:current_version works
        assertThat(casZero.status()).isEqualTo(400);
        assertThat(casZero.body()).isEqualTo(CAS_MISMATCH_BODY);
        assertThat(casCurrent.status()).isEqualTo(200);
        assertThat(casCurrent.data().get("version").intValue()).isEqualTo(3);
    }

    @Test
    @DisplayName("F7 after DELETE metadata, cas:0 works again and numbering restarts at 1")
    void writeAfterMetadataDeleteRestartsNumbering() {
        // Given a key at version 2 whose metadata is then deleted
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));
        this.http.delete("/v1/secret/metadata/app");

        // When it is written with cas:0
        VaultHttp.Reply reply = this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":3},\"options\":{\"cas\":0}}");

        // Then a new incarnation starts at version 1
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("version").intValue()).isEqualTo(1);
    }
}
