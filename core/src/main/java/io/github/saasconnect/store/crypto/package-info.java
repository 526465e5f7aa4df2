/**
 * Envelope encryption for stored records: each record is sealed with its own random AES-256-GCM data key, and
 * the data key is wrapped by a key-encryption key that has an id ({@link io.github.saasconnect.store.crypto.Keyring}
 * locally; a secret store such as Vault Transit can implement {@link io.github.saasconnect.store.crypto.KeyWrapper}
 * without the stores changing). Rotating the key-encryption key keeps every record readable; rewrapping moves a
 * record to the active key without touching its data ciphertext.
 */
@NullMarked
package io.github.saasconnect.store.crypto;

import org.jspecify.annotations.NullMarked;
