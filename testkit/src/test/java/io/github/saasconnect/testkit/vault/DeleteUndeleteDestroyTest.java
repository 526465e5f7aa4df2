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

/** Contract Part B, section H: {@code DELETE data/} and {@code POST delete|undelete|destroy/}. */
class DeleteUndeleteDestroyTest extends AbstractVaultServerTest {

    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");

    @Override
    VaultTestServer.Options options() {
        return VaultTestServer.options().clock(this.clock);
    }

    private JsonNode version(int number) {
        return this.http.get("/v1/secret/metadata/app").data().get("versions").get(Integer.toString(number));
    }

    @Test
    @DisplayName("H1 DELETE data soft-deletes the live latest version and always answers 204")
    void deleteDataSoftDeletesLatest() {
        // Given a key with two versions
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));

        // When the data is deleted, then deleted again later, and an absent key is deleted
        VaultHttp.Reply first = this.http.delete("/v1/secret/data/app");
        this.clock.advance(Duration.ofMinutes(1));
        VaultHttp.Reply again = this.http.delete("/v1/secret/data/app");
        VaultHttp.Reply absent = this.http.delete("/v1/secret/data/absent");

        // Then only version 2 got a deletion time, set by the first delete; all answers are 204
        assertThat(first.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(204);
        assertThat(absent.status()).isEqualTo(204);
        assertThat(version(2).get("deletion_time").stringValue()).isEqualTo("2026-11-25T10:00:00.000000000Z");
        assertThat(version(1).get("deletion_time").stringValue()).isEmpty();
        assertThat(this.server.currentVersion("absent")).isZero();
    }

    @Test
    @DisplayName("H1 DELETE data does nothing when the latest version is destroyed")
    void deleteDataIgnoresDestroyedLatest() {
        // Given a key whose latest version is destroyed
        this.server.seed("app", Map.of("n", 1));
        this.http.post("/v1/secret/destroy/app", "{\"versions\":[1]}");

        // When the data is deleted
        VaultHttp.Reply reply = this.http.delete("/v1/secret/data/app");

        // Then nothing changes
        assertThat(reply.status()).isEqualTo(204);
        assertThat(version(1).get("deletion_time").stringValue()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"versions\":[]}", "{}"})
    @DisplayName("H2 POST delete without versions answers 400 No version number provided")
    void deleteVersionsNeedsVersions(String body) {
        // When delete is called without versions
        VaultHttp.Reply reply = this.http.post("/v1/secret/delete/app", body);

        // Then it is refused
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError()).isEqualTo("No version number provided");
    }

    @Test
    @DisplayName("H2 POST delete soft-deletes the listed live versions and silently ignores the rest")
    void deleteVersionsSoftDeletesListed() {
        // Given versions 1 (already deleted), 2 (destroyed), 3 and 4 (live)
        for (int n = 1; n <= 4; n++) {
            this.server.seed("app", Map.of("n", n));
        }
        this.http.post("/v1/secret/delete/app", "{\"versions\":[1]}");
        this.http.post("/v1/secret/destroy/app", "{\"versions\":[2]}");
        this.clock.advance(Duration.ofMinutes(1));

        // When versions 1, 2, 3 and a missing 9 are deleted, and versions of an absent key
        VaultHttp.Reply reply = this.http.post("/v1/secret/delete/app", "{\"versions\":[1,2,3,9]}");
        VaultHttp.Reply absent = this.http.post("/v1/secret/delete/absent", "{\"versions\":[1]}");

        // Then only version 3 is newly deleted; the earlier deletion time stays
        assertThat(reply.status()).isEqualTo(204);
        assertThat(absent.status()).isEqualTo(204);
        assertThat(version(1).get("deletion_time").stringValue()).isEqualTo("2026-11-25T10:00:00.000000000Z");
        assertThat(version(2).get("deletion_time").stringValue()).isEmpty();
        assertThat(version(3).get("deletion_time").stringValue()).isEqualTo("2026-11-25T10:01:00.000000000Z");
        assertThat(version(4).get("deletion_time").stringValue()).isEmpty();
    }

    @Test
    @DisplayName("H3 POST undelete restores deleted versions, not destroyed ones; an empty list is a 400")
    void undeleteRestoresDeletedVersions() {
        // Given a deleted version 1 and a destroyed version 2
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));
        this.http.post("/v1/secret/delete/app", "{\"versions\":[1]}");
        this.http.post("/v1/secret/destroy/app", "{\"versions\":[2]}");

        // When both are undeleted, and undelete is called without versions
        VaultHttp.Reply reply = this.http.post("/v1/secret/undelete/app", "{\"versions\":[1,2]}");
        VaultHttp.Reply empty = this.http.post("/v1/secret/undelete/app", "{\"versions\":[]}");

        // Then version 1 is readable again and version 2 stays destroyed
        assertThat(reply.status()).isEqualTo(204);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(this.http
                        .get("/v1/secret/data/app?version=1")
                        .data()
                        .get("data")
                        .get("n")
                        .intValue())
                .isEqualTo(1);
        assertThat(this.http.get("/v1/secret/data/app?version=2").status()).isEqualTo(404);
        assertThat(version(2).get("destroyed").booleanValue()).isTrue();
    }

    @Test
    @DisplayName("H3 undelete sets the deletion time again to now + delete_version_after when one applies")
    void undeleteReappliesDeleteVersionAfter() {
        // Given a version under a one-hour delete_version_after, deleted early
        this.http.post("/v1/secret/metadata/app", "{\"delete_version_after\":\"1h\"}");
        this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}");
        this.http.delete("/v1/secret/data/app");
        this.clock.advance(Duration.ofMinutes(30));

        // When it is undeleted half an hour later
        this.http.post("/v1/secret/undelete/app", "{\"versions\":[1]}");

        // Then it is live and scheduled one hour from now
        assertThat(this.http.get("/v1/secret/data/app").status()).isEqualTo(200);
        assertThat(version(1).get("deletion_time").stringValue()).isEqualTo("2026-11-25T11:30:00.000000000Z");
    }

    @Test
    @DisplayName(
            "H4 POST destroy drops the listed versions' data for good; an empty list is 400 no version number provided")
    void destroyDropsData() {
        // Given a key with two versions
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));

        // When version 2 is destroyed, then undeleted, and destroy is called without versions
        VaultHttp.Reply destroy = this.http.post("/v1/secret/destroy/app", "{\"versions\":[2]}");
        this.http.post("/v1/secret/undelete/app", "{\"versions\":[2]}");
        VaultHttp.Reply empty = this.http.post("/v1/secret/destroy/app", "{\"versions\":[]}");

        // Then version 2 is gone for good while current_version stays 2
        assertThat(destroy.status()).isEqualTo(204);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.firstError()).isEqualTo("no version number provided");
        assertThat(version(2).get("destroyed").booleanValue()).isTrue();
        assertThat(this.server.readCurrent("app")).isEmpty();
        assertThat(this.server.currentVersion("app")).isEqualTo(2);
        assertThat(this.http.get("/v1/secret/data/app?version=1").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("H5 delete, undelete and destroy change neither current_version nor the list")
    void noneChangeCurrentVersionOrList() {
        // Given a key with two versions
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));

        // When every version is deleted, undeleted, deleted and destroyed
        this.http.delete("/v1/secret/data/app");
        this.http.post("/v1/secret/delete/app", "{\"versions\":[1]}");
        this.http.post("/v1/secret/undelete/app", "{\"versions\":[1,2]}");
        this.http.post("/v1/secret/destroy/app", "{\"versions\":[1,2]}");

        // Then current_version is still 2 and the key is still listed
        assertThat(this.http
                        .get("/v1/secret/metadata/app")
                        .data()
                        .get("current_version")
                        .intValue())
                .isEqualTo(2);
        assertThat(this.http
                        .list("/v1/secret/metadata/")
                        .data()
                        .get("keys")
                        .get(0)
                        .stringValue())
                .isEqualTo("app");
    }
}
