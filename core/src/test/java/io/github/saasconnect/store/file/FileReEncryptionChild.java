package io.github.saasconnect.store.file;

import io.github.saasconnect.store.crypto.Keyring;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A separate process that re-encrypts a file store forever, one record per batch, printing {@code moved <n>} after
 * each move, so {@link FileReEncryptionKillTest} can kill it with SIGKILL in the middle. Arguments: store directory,
 * store key, key k1, key k2 (base64).
 */
final class FileReEncryptionChild {

    private FileReEncryptionChild() {}

    public static void main(String[] args) {
        FileTokenStore store = FileTokenStore.builder(Path.of(args[0]), FileStoreKey.fromBase64(args[1]))
                .keys(Keyring.fromBase64("k2", Map.of("k1", args[2], "k2", args[3])))
                .open();
        FileReEncryption reEncryption = new FileReEncryption(store, 1);
        long moved = 0;
        while (true) {
            moved += reEncryption.runBatch().block(Duration.ofSeconds(30)).moved();
            System.out.println("moved " + moved);
            System.out.flush();
        }
    }
}
