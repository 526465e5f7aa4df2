package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract Part B, section D: paths. */
class PathRulesTest extends AbstractVaultServerTest {

    @Test
    @DisplayName("D1 paths are matched percent-decoded, so %2F is a separator")
    void encodedSlashIsASeparator() {
        // Given a key written with an encoded slash
        this.http.post("/v1/secret/data/app%2Fuser", "{\"data\":{\"k\":\"v\"}}");

        // When it is read with a plain slash
        VaultHttp.Reply reply = this.http.get("/v1/secret/data/app/user");

        // Then it is the same key, inside folder app/
        assertThat(reply.status()).isEqualTo(200);
        assertThat(this.server.readCurrent("app/user")).contains(Map.of("k", "v"));
        assertThat(this.http
                        .list("/v1/secret/metadata/app")
                        .data()
                        .get("keys")
                        .get(0)
                        .stringValue())
                .isEqualTo("user");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/secret/data/./app",
                "/v1/secret/data/../app",
                "/v1/secret/data/a//b",
                "/v1/secret/data/a/%2E%2E/b",
                "/v1/secret/data/a..b",
                "/v1/secret//data/app"
            })
    @DisplayName("D2 dot segments, dot-dot and empty segments answer 400 relative paths not supported")
    void relativePathsAreRefused(String path) {
        // When such a path is written
        VaultHttp.Reply reply = this.http.post(path, "{\"data\":{\"k\":\"v\"}}");

        // Then it is refused and nothing is stored
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError()).isEqualTo("relative paths not supported");
        assertThat(this.server.requests())
                .allSatisfy((r) -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    @DisplayName("D2 a non-printable character in the path answers 400 with an empty body")
    void nonPrintableCharactersAreRefused() {
        // When a path carries an encoded control character
        VaultHttp.Reply reply = this.http.get("/v1/secret/data/app%01");

        // Then it is refused without a body
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    @DisplayName("D3 data/ and subkeys/ with an empty key or a trailing slash answer 404 unsupported path")
    void emptyOrFolderKeysAreUnsupported() {
        // When data and subkeys are addressed without a key or with a folder
        VaultHttp.Reply emptyData = this.http.get("/v1/secret/data/");
        VaultHttp.Reply folderData = this.http.post("/v1/secret/data/app/", "{\"data\":{\"k\":\"v\"}}");
        VaultHttp.Reply emptySubkeys = this.http.get("/v1/secret/subkeys/");
        VaultHttp.Reply folderSubkeys = this.http.get("/v1/secret/subkeys/app/");

        // Then each is 404 unsupported path
        for (VaultHttp.Reply reply : new VaultHttp.Reply[] {emptyData, folderData, emptySubkeys, folderSubkeys}) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.firstError()).isEqualTo("unsupported path");
        }
    }

    @Test
    @DisplayName("D3 metadata/<p>/ is allowed only for LIST")
    void metadataFolderOnlyForList() {
        // Given a key inside a folder
        this.server.seed("app/x", Map.of("k", "v"));

        // When the folder's metadata is read and listed
        VaultHttp.Reply read = this.http.get("/v1/secret/metadata/app/");
        VaultHttp.Reply list = this.http.list("/v1/secret/metadata/app/");

        // Then only the list is served
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.firstError()).isEqualTo("unsupported path");
        assertThat(list.status()).isEqualTo(200);
    }

    @Test
    @DisplayName("D4 keys are case-sensitive, and a/b can be both a key and a folder")
    void keysAreCaseSensitiveAndCanBeFolders() {
        // Given keys a/b, a/B and a/b/c
        this.http.post("/v1/secret/data/a/b", "{\"data\":{\"who\":\"lower\"}}");
        this.http.post("/v1/secret/data/a/B", "{\"data\":{\"who\":\"upper\"}}");
        this.http.post("/v1/secret/data/a/b/c", "{\"data\":{\"who\":\"child\"}}");

        // When each is read and folder a/ is listed
        // Then each key has its own data and a/b appears as both key and folder
        assertThat(this.server.readCurrent("a/b")).contains(Map.of("who", "lower"));
        assertThat(this.server.readCurrent("a/B")).contains(Map.of("who", "upper"));
        assertThat(this.server.readCurrent("a/b/c")).contains(Map.of("who", "child"));
        assertThat(this.http.list("/v1/secret/metadata/a").data().get("keys").values().stream()
                        .map((key) -> key.stringValue()))
                .containsExactlyInAnyOrder("b", "B", "b/");
    }
}
