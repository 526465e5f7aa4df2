package io.github.saasconnect.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Permissions for what the file store creates: owner-only, set at creation so that no other user can open a
 * file in the moment between creating it and restricting it. On file systems without POSIX permissions
 * (Windows) the files inherit the directory's ACL.
 */
final class OwnerOnly {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {}

    static boolean supported(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Attributes for a new file: {@code rw-------} where the file system has POSIX permissions. */
    static FileAttribute<?>[] file(Path path) {
        return supported(path)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and any missing parents as {@code rwx------}; existing ones are left as they are. */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (supported(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** The permissions that let users other than the owner at the file, empty when there are none. */
    static Set<PosixFilePermission> grantedToOthers(Set<PosixFilePermission> permissions) {
        Set<PosixFilePermission> granted = EnumSet.noneOf(PosixFilePermission.class);
        granted.addAll(permissions);
        granted.retainAll(GROUP_OR_OTHERS);
        return granted;
    }
}
