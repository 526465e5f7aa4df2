/**
 * A HashiCorp Vault KV v2 test server for tests that must talk real HTTP to something that behaves like Vault.
 * Start with {@link io.github.saasconnect.testkit.vault.VaultTestServer#start(VaultTestServer.Options)}; inject
 * failures through {@link io.github.saasconnect.testkit.vault.Faults}; inspect traffic through
 * {@link io.github.saasconnect.testkit.vault.RecordedRequest}.
 */
package io.github.saasconnect.testkit.vault;
