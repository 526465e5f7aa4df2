package io.github.saasconnect.store.crypto;

/**
 * What one re-encryption batch did.
 *
 * @param activeKeyId the key records were moved to
 * @param moved records now under that key
 * @param changedMeanwhile records a write replaced between read and move (already under the active key)
 * @param unreadable records under a key the keyring does not hold, or damaged: left untouched and logged
 * @param remaining records not under the active key after this batch, the unreadable ones included
 * @param passComplete whether the batch reached the end of the store
 */
public record ReEncryptionBatch(
        String activeKeyId, int moved, int changedMeanwhile, int unreadable, long remaining, boolean passComplete) {}
