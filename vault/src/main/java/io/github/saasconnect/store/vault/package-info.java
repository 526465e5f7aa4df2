/**
 * The Vault token store: connections in a HashiCorp Vault (or OpenBao) KV v2 mount, shared by every instance
 * of an application. Start at {@link io.github.saasconnect.store.vault.VaultTokenStore}; the layout and the
 * policy it needs are in {@link io.github.saasconnect.store.vault.VaultStoreLayout}, the operator's guide in
 * {@code vault/VAULT-STORE.md}.
 *
 * <h2>Secret data</h2>
 * The fields of {@link io.github.saasconnect.store.ConnectionRecordCodec} (owner, tokens, expiries, lease,
 * {@code generation} ...) plus {@code _write_id}, a random id per write that lets the store recognise its own
 * write after a lost answer. With a record cipher (Vault Transit wrapping) the access and refresh tokens are
 * replaced by {@code sealed_tokens}, an envelope bound to the secret's path.
 *
 * <h2>Key metadata</h2>
 * {@code max_versions} (default 2), {@code cas_required = true}, {@code delete_version_after = 0s} and custom
 * metadata {@code generation}, written once when the store creates the key.
 */
@NullMarked
package io.github.saasconnect.store.vault;

import org.jspecify.annotations.NullMarked;
