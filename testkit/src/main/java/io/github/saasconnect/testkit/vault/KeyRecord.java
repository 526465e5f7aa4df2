package io.github.saasconnect.testkit.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/** The state of one key (contract section E). Mutable; guarded by the lock of the {@link KvStore} that owns it. */
final class KeyRecord {

    int currentVersion;

    int oldestVersion;

    Instant createdTime;

    Instant updatedTime;

    int maxVersions;

    boolean casRequired;

    Duration deleteVersionAfter = Duration.ZERO;

    Map<String, String> customMetadata;

    final TreeMap<Integer, Version> versions = new TreeMap<>();

    KeyRecord(Instant now) {
        this.createdTime = now;
        this.updatedTime = now;
    }

    KeyRecord copy() {
        KeyRecord copy = new KeyRecord(this.createdTime);
        copy.currentVersion = this.currentVersion;
        copy.oldestVersion = this.oldestVersion;
        copy.updatedTime = this.updatedTime;
        copy.maxVersions = this.maxVersions;
        copy.casRequired = this.casRequired;
        copy.deleteVersionAfter = this.deleteVersionAfter;
        copy.customMetadata = (this.customMetadata != null) ? new LinkedHashMap<>(this.customMetadata) : null;
        this.versions.forEach((number, version) -> copy.versions.put(number, version.copy()));
        return copy;
    }

    /** One stored version. {@code data} is {@code null} once destroyed. */
    static final class Version {

        final Instant createdTime;

        Instant deletionTime;

        boolean destroyed;

        ObjectNode data;

        Version(Instant createdTime, Instant deletionTime, ObjectNode data) {
            this.createdTime = createdTime;
            this.deletionTime = deletionTime;
            this.data = data;
        }

        /** Deleted means a deletion time that has arrived; a future one is only scheduled. */
        boolean isDeleted(Instant now) {
            return this.deletionTime != null && !this.deletionTime.isAfter(now);
        }

        boolean isLive(Instant now) {
            return !this.destroyed && !isDeleted(now);
        }

        Version copy() {
            Version copy =
                    new Version(this.createdTime, this.deletionTime, (this.data != null) ? this.data.deepCopy() : null);
            copy.destroyed = this.destroyed;
            return copy;
        }
    }
}
