package io.github.saasconnect.store.vault;

import java.util.Map;
import org.springframework.vault.support.Versioned;

/**
 * A write that went through: the version it made, the generation the key's metadata named ({@code null} when
 * unknown), whether it created the key, and whether that generation can be checked.
 */
record LandedWrite(int version, String keyGeneration, boolean created, boolean checkable) {

    /** Vault's answer to the write. */
    static LandedWrite answered(Versioned.Metadata meta, boolean created) {
        Map<String, String> custom = meta.getCustomMetadata();
        return new LandedWrite(
                meta.getVersion().getVersion(),
                custom == null ? null : custom.get(KeyMetadataWriter.GENERATION),
                created,
                true);
    }

    /** The write's version, read back because its answer was lost. */
    static LandedWrite readBack(Versioned<Map<String, Object>> current, boolean created) {
        Map<String, String> custom =
                current.getMetadata() == null ? null : current.getMetadata().getCustomMetadata();
        return new LandedWrite(
                current.getVersion().getVersion(),
                custom == null ? null : custom.get(KeyMetadataWriter.GENERATION),
                created,
                !created && custom != null);
    }
}
