package io.github.saasconnect.multiinstance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.vault.VaultStoreLayout;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Owner ids are whatever the application uses for its users: they must never steer a Vault path, never show
 * in one, and never share one.
 */
class VaultPathSafetyTest {

    private static final String FOLDER = "secret/data/saas-connect/connections/acme/";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final SharedVault shared = new SharedVault();

    @AfterEach
    void close() {
        shared.close();
    }

    @Test
    void tenThousandHostileOwnerIdsStayInTheRegistrationsFolderAndNeverCollide() {
        List<String> owners = hostileOwners(10_000, new Random(20261125));
        VaultStoreLayout layout = VaultStoreLayout.defaults();

        Set<String> paths = new HashSet<>();
        for (String owner : owners) {
            String path = layout.dataPath(ConnectionId.of("acme", owner));
            assertThat(path).startsWith(FOLDER);
            assertThat(path.substring(FOLDER.length())).matches(KEY);
            paths.add(path);
        }

        assertThat(paths).hasSize(owners.size());
    }

    @Test
    void hostileOwnerIdsRoundTripThroughVaultAndNoRequestPathShowsOne() {
        List<String> owners = hostileOwners(10_000, new Random(7)).subList(0, 500);
        VaultTokenStore store = shared.newStore();

        Flux.fromIterable(owners)
                .flatMap(owner -> store.write(record(owner), 0), 8)
                .blockLast(Duration.ofSeconds(60));

        Set<String> listed = new HashSet<>();
        String cursor = null;
        do {
            ConnectionPage page = store.list("acme", cursor, 250).block(Duration.ofSeconds(30));
            page.records().forEach(r -> listed.add(r.record().id().owner()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(owners);
        for (String owner : owners.subList(0, 100)) {
            assertThat(store.read(ConnectionId.of("acme", owner))
                            .block(Duration.ofSeconds(10))
                            .record()
                            .id()
                            .owner())
                    .isEqualTo(owner);
        }
        List<String> requestPaths =
                shared.vault.requests().stream().map(RecordedRequest::vaultPath).toList();
        assertThat(requestPaths)
                .allSatisfy(path -> assertThat(path)
                        .satisfiesAnyOf(
                                p -> assertThat(p)
                                        .startsWith(FOLDER)
                                        .satisfies(q -> assertThat(q.substring(FOLDER.length()))
                                                .matches(KEY)),
                                p -> assertThat(p)
                                        .startsWith("secret/metadata/saas-connect/connections/acme/")
                                        .satisfies(q -> assertThat(q.substring(q.lastIndexOf('/') + 1))
                                                .matches("|" + KEY))));
        // The fixed part of a path is ours; what follows the registration folder must never carry an owner.
        Set<String> distinctive = new HashSet<>();
        owners.stream().filter(o -> o.codePointCount(0, o.length()) >= 10).forEach(distinctive::add);
        for (String path : requestPaths) {
            String key = path.substring(path.indexOf("/acme/") + "/acme/".length());
            for (String owner : distinctive) {
                assertThat(key).doesNotContain(owner);
            }
        }
    }

    private static ConnectionRecord record(String owner) {
        return new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                ConnectionId.of("acme", owner),
                ConnectionStatus.ACTIVE,
                Secret.of("rt"),
                null,
                Secret.of("at"),
                NOW.plusSeconds(3600),
                "Bearer",
                Set.of("read"),
                Map.of(),
                NOW,
                NOW,
                null,
                null,
                "g1");
    }

    /**
     * Distinct owner ids, valid by {@link ConnectionId}'s rules (1-256 UTF-8 bytes, well-formed Unicode), that
     * try every trick: traversal in plain, encoded and double-encoded forms, separators, NUL and control
     * characters, Unicode from every plane, look-alikes, and ids of exactly 256 bytes.
     */
    static List<String> hostileOwners(int count, Random random) {
        String[] pieces = {
            "../",
            "..\\",
            "..",
            ".",
            "/",
            "//",
            "\\",
            "%2e%2e",
            "%2e%2e%2f",
            "%2E%2E/",
            "%252e%252e%252f",
            "..%2f",
            "%2f",
            "%00",
            "\u0000",
            "\u0001",
            "\n",
            "\r",
            "\t",
            " ",
            "?",
            "#",
            "*",
            "+",
            "~",
            ":",
            ";",
            "|",
            "data/",
            "metadata/",
            "secret/",
            "sys/",
            "v1/",
            "..;/",
            "\u2215",
            "\u2024\u2024/",
            "\uff0e\uff0e\uff0f",
            "\u202e",
            "\u200b",
            "\ufeff",
            "é",
            "e\u0301",
            "日本",
            "🔑",
            "👩‍💻",
            "\ud834\udd1e",
            "Ω",
            "İ",
            "ß",
            "alice",
            "ALICE",
            "0",
            "-",
            "_",
            "'",
            "\"",
            "<script>",
            "${jndi:x}",
            "CON",
            "NUL",
            "aux.txt"
        };
        Set<String> owners = new LinkedHashSet<>();
        while (owners.size() < count) {
            StringBuilder owner = new StringBuilder();
            int kind = owners.size() % 4;
            if (kind == 3) {
                // exactly 256 UTF-8 bytes, mixing one-, two-, three- and four-byte characters
                while (utf8(owner) < 256) {
                    String next = switch (random.nextInt(5)) {
                        case 0 -> "é";
                        case 1 -> "日";
                        case 2 -> "🔑";
                        case 3 -> "../";
                        default -> String.valueOf((char) ('a' + random.nextInt(26)));
                    };
                    if (utf8(owner) + next.getBytes(StandardCharsets.UTF_8).length <= 256) {
                        owner.append(next);
                    } else {
                        owner.append("x".repeat(256 - utf8(owner)));
                    }
                }
            } else {
                int parts = 1 + random.nextInt(kind == 0 ? 4 : 12);
                for (int i = 0; i < parts; i++) {
                    if (kind == 2 && random.nextBoolean()) {
                        owner.appendCodePoint(randomCodePoint(random));
                    } else {
                        owner.append(pieces[random.nextInt(pieces.length)]);
                    }
                }
            }
            String candidate = owner.toString();
            if (utf8(owner) <= 256) {
                owners.add(candidate);
            }
        }
        List<String> out = new ArrayList<>(owners);
        out.forEach(o -> ConnectionId.of("acme", o));
        return out;
    }

    private static int randomCodePoint(Random random) {
        while (true) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> random.nextInt(0x800);
                case 2 -> random.nextInt(0x10000);
                default -> 0x10000 + random.nextInt(0x100000);
            };
            if (cp < 0xD800 || cp > 0xDFFF) {
                return cp;
            }
        }
    }

    private static int utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
