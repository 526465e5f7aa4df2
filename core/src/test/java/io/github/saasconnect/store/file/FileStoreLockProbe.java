package io.github.saasconnect.store.file;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Run in a child JVM by {@link FileTokenStoreTest} to be a second process: opens the store directory named
 * by the first argument and prints {@code OPENED <pid>} or {@code LOCKED <message>}. With {@code hold} as
 * the second argument it keeps the store open until its standard input closes.
 */
public final class FileStoreLockProbe {

    private FileStoreLockProbe() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        boolean hold = args.length > 1 && args[1].equals("hold");
        byte[] key = new byte[FileStoreKey.LENGTH];
        new SecureRandom().nextBytes(key);
        try (FileTokenStore store = FileTokenStore.open(
                directory, FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(key)))) {
            System.out.println("OPENED " + ProcessHandle.current().pid());
            System.out.flush();
            if (hold) {
                while (System.in.read() >= 0) {
                    // hold the lock until the parent closes our input
                }
            }
        } catch (FileStoreLockedException e) {
            System.out.println("LOCKED " + e.getMessage());
            System.out.flush();
        }
    }
}
