package io.github.saasconnect.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.tck.JobClaimsContract;
import io.github.saasconnect.testsupport.RotationRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJobClaimsTest extends JobClaimsContract {

    @TempDir
    Path tmp;

    @Override
    protected TokenStore createStore() {
        byte[] key = new byte[FileStoreKey.LENGTH];
        new SecureRandom().nextBytes(key);
        return FileTokenStore.open(
                tmp.resolve("tokens"),
                FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(key)));
    }

    @Override
    protected JobClaims claimsOf(TokenStore store) {
        return ((FileTokenStore) store).jobClaims();
    }

    @Test
    void claimFilesAreNamedByTheRecordsKeyedDigestAndShowNoOwner() throws Exception {
        FileTokenStore files = (FileTokenStore) store;
        ConnectionId id = connection("alice@example.com");
        Instant now = Instant.now();

        claims.claim(new JobClaim("nightly", id, now, "host-1:42", now, now.plus(Duration.ofMinutes(5))))
                .block();

        Path claim = files.directory().resolve(".claims/nightly/github").resolve(files.digest(id) + ".claim");
        assertThat(claim).isRegularFile();
        assertThat(Files.readString(claim)).contains("holder=host-1:42").doesNotContain("alice");
        try (Stream<Path> all = Files.walk(files.directory())) {
            assertThat(all.map(Path::toString)).noneMatch(p -> p.contains("alice"));
        }
    }

    @Test
    void aNamedAccountsClaimIsFiledInItsOwnersClaimFolderAndGoesWithThatAccountOnly() throws Exception {
        FileTokenStore files = (FileTokenStore) store;
        ConnectionId alice = connection("alice@example.com");
        ConnectionId work = alice.withAccount("1001");
        files.write(RotationRecords.record(work, 1), 0).block();
        Instant now = Instant.now();
        for (ConnectionId id : new ConnectionId[] {alice, work}) {
            assertThat(claims.claim(new JobClaim("nightly", id, now, "host-1:42", now, now.plus(Duration.ofMinutes(5))))
                            .block()
                            .mine())
                    .isTrue();
        }
        String name = files.digest(work);
        Path github = files.directory().resolve(".claims/nightly/github");
        Path workClaim = github.resolve(name.substring(0, 43)).resolve(name.substring(44) + ".claim");
        Path aliceClaim = github.resolve(files.digest(alice) + ".claim");
        assertThat(workClaim).isRegularFile();
        assertThat(aliceClaim).isRegularFile();

        store.delete(work).block();

        assertThat(workClaim).doesNotExist();
        assertThat(aliceClaim).isRegularFile();
        assertThat(claims.claim(new JobClaim("nightly", work, now, "host-2:7", now, now.plus(Duration.ofMinutes(5))))
                        .block()
                        .mine())
                .as("the deleted account's claim is gone: connecting it again starts afresh")
                .isTrue();
    }
}
