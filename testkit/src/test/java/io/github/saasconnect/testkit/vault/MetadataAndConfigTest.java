package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Contract Part B, sections I and J: metadata endpoints and the engine config. */
class MetadataAndConfigTest extends AbstractVaultServerTest {

    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");

    @Override
    VaultTestServer.Options options() {
        return VaultTestServer.options().clock(this.clock);
    }

    private List<String> keys(VaultHttp.Reply list) {
        List<String> keys = new ArrayList<>();
        list.data().get("keys").values().forEach((key) -> keys.add(key.stringValue()));
        return keys;
    }

    @Test
    @DisplayName("I1 GET metadata answers 404 {\"errors\":[]} when the key has none")
    void metadataOfAbsentKeyIs404() {
        // When the metadata of an absent key is read
        VaultHttp.Reply reply = this.http.get("/v1/secret/metadata/absent");

        // Then it is the plain 404
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    @DisplayName("I1 GET metadata answers every field and only the retained versions")
    void metadataListsFieldsAndRetainedVersions() {
        // Given a key that keeps two versions, written three times, with custom metadata
        this.http.post(
                "/v1/secret/metadata/app",
                "{\"max_versions\":2,\"cas_required\":true,\"delete_version_after\":\"90s\",\"custom_metadata\":{\"o\":\"t\"}}");
        for (int n = 0; n < 3; n++) {
            this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":" + n + "},\"options\":{\"cas\":" + n + "}}");
        }

        // When its metadata is read
        VaultHttp.Reply reply = this.http.get("/v1/secret/metadata/app");

        // Then all fields are there, in Vault's formats, and only versions 2 and 3 are listed
        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.propertyNames())
                .containsExactlyInAnyOrder(
                        "cas_required",
                        "created_time",
                        "current_version",
                        "delete_version_after",
                        "max_versions",
                        "oldest_version",
                        "updated_time",
                        "custom_metadata",
                        "versions");
        assertThat(data.get("cas_required").booleanValue()).isTrue();
        assertThat(data.get("current_version").intValue()).isEqualTo(3);
        assertThat(data.get("oldest_version").intValue()).isEqualTo(2);
        assertThat(data.get("max_versions").intValue()).isEqualTo(2);
        assertThat(data.get("delete_version_after").stringValue()).isEqualTo("1m30s");
        assertThat(data.get("custom_metadata").get("o").stringValue()).isEqualTo("t");
        assertThat(data.get("created_time").stringValue()).isEqualTo("2026-11-25T10:00:00.000000000Z");
        assertThat(data.get("versions").propertyNames()).containsExactly("2", "3");
        JsonNode version = data.get("versions").get("3");
        assertThat(version.propertyNames()).containsExactlyInAnyOrder("created_time", "deletion_time", "destroyed");
    }

    @Test
    @DisplayName("I2 POST metadata sets only the fields present")
    void metadataWriteSetsOnlyPresentFields() {
        // Given metadata with max_versions and custom metadata
        this.http.post("/v1/secret/metadata/app", "{\"max_versions\":4,\"custom_metadata\":{\"o\":\"t\"}}");

        // When only cas_required is set, then a body with custom_metadata null is sent
        VaultHttp.Reply reply = this.http.post("/v1/secret/metadata/app", "{\"cas_required\":true}");
        this.http.post("/v1/secret/metadata/app", "{\"custom_metadata\":null}");

        // Then the other fields are untouched
        assertThat(reply.status()).isEqualTo(204);
        JsonNode data = this.http.get("/v1/secret/metadata/app").data();
        assertThat(data.get("max_versions").intValue()).isEqualTo(4);
        assertThat(data.get("cas_required").booleanValue()).isTrue();
        assertThat(data.get("custom_metadata").get("o").stringValue()).isEqualTo("t");
    }

    @Test
    @DisplayName("I2 POST metadata accepts Spring Vault's full request, including custom_metadata null")
    void metadataWriteAcceptsSpringVaultShape() {
        // When Spring Vault's VaultMetadataRequest shape is sent, with a duration in seconds
        VaultHttp.Reply reply = this.http.post(
                "/v1/secret/metadata/app",
                "{\"max_versions\":3,\"cas_required\":false,\"delete_version_after\":120,\"custom_metadata\":null}");

        // Then it is applied and no custom metadata is set
        assertThat(reply.status()).isEqualTo(204);
        JsonNode data = this.http.get("/v1/secret/metadata/app").data();
        assertThat(data.get("max_versions").intValue()).isEqualTo(3);
        assertThat(data.get("delete_version_after").stringValue()).isEqualTo("2m0s");
        assertThat(data.get("custom_metadata").isNull()).isTrue();
    }

    @Test
    @DisplayName("I2 POST metadata on an absent key creates metadata at version 0, without any version")
    void metadataWriteCreatesMetadataOnly() {
        // When metadata is written for an absent key
        this.http.post("/v1/secret/metadata/app", "{\"max_versions\":5}");

        // Then the key has metadata at version 0, no data, and can be created with cas:0
        JsonNode data = this.http.get("/v1/secret/metadata/app").data();
        assertThat(data.get("current_version").intValue()).isZero();
        assertThat(data.get("versions").size()).isZero();
        assertThat(this.http.get("/v1/secret/data/app").status()).isEqualTo(404);
        assertThat(this.http
                        .post("/v1/secret/data/app", "{\"data\":{\"n\":1},\"options\":{\"cas\":0}}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("I2 an empty metadata body is a no-op that still answers 204")
    void emptyMetadataBodyIsNoOp() {
        // Given a key with metadata
        this.http.post("/v1/secret/metadata/app", "{\"max_versions\":5}");
        String updated = this.http
                .get("/v1/secret/metadata/app")
                .data()
                .get("updated_time")
                .stringValue();
        this.clock.advance(java.time.Duration.ofMinutes(1));

        // When an empty body is posted to it and to an absent key
        VaultHttp.Reply existing = this.http.send("POST", "/v1/secret/metadata/app", null);
        VaultHttp.Reply absent = this.http.post("/v1/secret/metadata/absent", "{}");

        // Then both answer 204 and nothing changes
        assertThat(existing.status()).isEqualTo(204);
        assertThat(absent.status()).isEqualTo(204);
        assertThat(this.http
                        .get("/v1/secret/metadata/app")
                        .data()
                        .get("updated_time")
                        .stringValue())
                .isEqualTo(updated);
        assertThat(this.http.get("/v1/secret/metadata/absent").status()).isEqualTo(404);
    }

    static List<String> invalidCustomMetadata() {
        StringBuilder tooMany = new StringBuilder("{");
        IntStream.range(0, 65)
                .forEach((i) -> tooMany.append(i == 0 ? "" : ",")
                        .append("\"k")
                        .append(i)
                        .append("\":\"v\""));
        tooMany.append('}');
        return List.of(
                tooMany.toString(),
                "{\"\":\"v\"}",
                "{\"" + "k".repeat(129) + "\":\"v\"}",
                "{\"k\":\"\"}",
                "{\"k\":\"" + "v".repeat(513) + "\"}",
                "{\"k\":1}",
                "[\"k\"]");
    }

    @ParameterizedTest
    @MethodSource("invalidCustomMetadata")
    @DisplayName("I2 custom_metadata beyond 64 keys, key length 1–128 or value length 1–512 answers 400")
    void invalidCustomMetadataIsRefused(String customMetadata) {
        // When invalid custom metadata is written
        VaultHttp.Reply reply = this.http.post(
                "/v1/secret/metadata/app", "{\"max_versions\":2,\"custom_metadata\":" + customMetadata + "}");

        // Then the whole request is refused
        assertThat(reply.status()).isEqualTo(400);
        assertThat(this.http.get("/v1/secret/metadata/app").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("I2 custom_metadata at the limits is accepted")
    void customMetadataAtTheLimitsIsAccepted() {
        // When 64 keys, a 128-character key and a 512-character value are written
        StringBuilder custom = new StringBuilder("{\"" + "k".repeat(128) + "\":\"" + "v".repeat(512) + "\"");
        IntStream.range(1, 64).forEach((i) -> custom.append(",\"k").append(i).append("\":\"v\""));
        custom.append('}');
        VaultHttp.Reply reply = this.http.post("/v1/secret/metadata/app", "{\"custom_metadata\":" + custom + "}");

        // Then it is stored
        assertThat(reply.status()).isEqualTo(204);
        assertThat(this.http
                        .get("/v1/secret/metadata/app")
                        .data()
                        .get("custom_metadata")
                        .size())
                .isEqualTo(64);
    }

    @Test
    @DisplayName("I3 DELETE metadata removes the key and all its versions for good, answering 204 either way")
    void deleteMetadataRemovesEverything() {
        // Given a key with two versions
        this.server.seed("app", Map.of("n", 1));
        this.server.seed("app", Map.of("n", 2));

        // When its metadata is deleted, and an absent key's metadata is deleted
        VaultHttp.Reply reply = this.http.delete("/v1/secret/metadata/app");
        VaultHttp.Reply absent = this.http.delete("/v1/secret/metadata/absent");

        // Then the key, its versions and its list entry are gone
        assertThat(reply.status()).isEqualTo(204);
        assertThat(absent.status()).isEqualTo(204);
        assertThat(this.http.get("/v1/secret/metadata/app").status()).isEqualTo(404);
        assertThat(this.http.get("/v1/secret/data/app?version=1").status()).isEqualTo(404);
        assertThat(this.http.list("/v1/secret/metadata/").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("I4 LIST answers the names directly under the prefix, folders with a trailing slash")
    void listAnswersDirectChildren() {
        // Given keys at several depths, one of them with all versions deleted and destroyed
        this.server.seed("users/alice", Map.of("n", 1));
        this.server.seed("users/bob/github", Map.of("n", 1));
        this.server.seed("users/bob/slack", Map.of("n", 1));
        this.server.seed("users/carol", Map.of("n", 1));
        this.http.delete("/v1/secret/data/users/carol");
        this.http.post("/v1/secret/destroy/users/carol", "{\"versions\":[1]}");
        this.server.seed("top", Map.of("n", 1));

        // When the root, a folder and a nested folder are listed
        VaultHttp.Reply root = this.http.get("/v1/secret/metadata/?list=true");
        VaultHttp.Reply users = this.http.list("/v1/secret/metadata/users/");
        VaultHttp.Reply bob = this.http.list("/v1/secret/metadata/users/bob");

        // Then each answers its direct children only
        assertThat(root.status()).isEqualTo(200);
        assertThat(keys(root)).containsExactlyInAnyOrder("users/", "top");
        assertThat(keys(users)).containsExactlyInAnyOrder("alice", "bob/", "carol");
        assertThat(keys(bob)).containsExactlyInAnyOrder("github", "slack");
    }

    @Test
    @DisplayName("I4/D4 a key and a folder of one name are listed as both; the folder lists only its own children")
    void keyAndFolderOfOneNameAreListedAsBoth() {
        // Given alice as a key and a folder, bob only as a folder, and a grandchild below one of alice's children
        this.server.seed("conn/github/alice", Map.of("n", 1));
        this.server.seed("conn/github/alice/work", Map.of("n", 1));
        this.server.seed("conn/github/alice/home", Map.of("n", 1));
        this.server.seed("conn/github/alice/home/deeper", Map.of("n", 1));
        this.server.seed("conn/github/bob/work", Map.of("n", 1));

        // When the registration folder and the owners' folders are listed
        // Then each LIST answers direct children only, sub-folders with a trailing slash
        assertThat(keys(this.http.list("/v1/secret/metadata/conn/github/")))
                .containsExactlyInAnyOrder("alice", "alice/", "bob/");
        assertThat(keys(this.http.list("/v1/secret/metadata/conn/github/alice/")))
                .containsExactlyInAnyOrder("work", "home", "home/");
        assertThat(keys(this.http.list("/v1/secret/metadata/conn/github/bob"))).containsExactly("work");

        // When alice's key is deleted for good and bob's only child too
        this.http.delete("/v1/secret/metadata/conn/github/alice");
        this.http.delete("/v1/secret/metadata/conn/github/bob/work");

        // Then alice stays a folder, and bob's emptied folder is gone from the listing
        assertThat(keys(this.http.list("/v1/secret/metadata/conn/github/"))).containsExactly("alice/");
        assertThat(keys(this.http.list("/v1/secret/metadata/conn/github/alice/")))
                .containsExactlyInAnyOrder("work", "home", "home/");
        assertThat(this.http.list("/v1/secret/metadata/conn/github/bob/").status())
                .isEqualTo(404);
    }

    @Test
    @DisplayName("I4 listing an empty folder or a leaf answers 404 {\"errors\":[]}")
    void listOfEmptyFolderOrLeafIs404() {
        // Given a single key
        this.server.seed("users/alice", Map.of("n", 1));

        // When a missing folder and the leaf itself are listed
        VaultHttp.Reply missing = this.http.list("/v1/secret/metadata/groups");
        VaultHttp.Reply leaf = this.http.list("/v1/secret/metadata/users/alice");

        // Then both are the plain 404
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"errors\":[]}");
        assertThat(leaf.status()).isEqualTo(404);
        assertThat(leaf.body()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    @DisplayName("I4 LIST answers in an unspecified order: never sorted, so clients cannot rely on it")
    void listOrderIsNotSorted() {
        // Given keys whose names sort in an obvious order
        List<String> names = IntStream.range(0, 6).mapToObj((i) -> "key-" + i).toList();
        names.forEach((name) -> this.server.seed(name, Map.of("n", 1)));

        // When the folder is listed several times
        for (int attempt = 0; attempt < 5; attempt++) {
            List<String> listed = keys(this.http.list("/v1/secret/metadata/"));

            // Then every name is there, but never in sorted order
            assertThat(listed).containsExactlyInAnyOrderElementsOf(names);
            assertThat(listed).isNotEqualTo(names);
        }
    }

    @Test
    @DisplayName("J1 GET config answers the engine defaults, POST config sets the fields present and answers 204")
    void engineConfigReadAndWrite() {
        // When the config is read, partly changed, and read again
        VaultHttp.Reply defaults = this.http.get("/v1/secret/config");
        VaultHttp.Reply write = this.http.post("/v1/secret/config", "{\"cas_required\":true}");
        VaultHttp.Reply changed = this.http.get("/v1/secret/config");

        // Then the defaults are Vault's, and only cas_required changed
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.data().toString())
                .isEqualTo("{\"cas_required\":false,\"delete_version_after\":\"0s\",\"max_versions\":0}");
        assertThat(write.status()).isEqualTo(204);
        assertThat(changed.data().toString())
                .isEqualTo("{\"cas_required\":true,\"delete_version_after\":\"0s\",\"max_versions\":0}");
        // And writes without cas are now refused
        assertThat(this.http.post("/v1/secret/data/app", "{\"data\":{\"n\":1}}").status())
                .isEqualTo(400);
    }
}
