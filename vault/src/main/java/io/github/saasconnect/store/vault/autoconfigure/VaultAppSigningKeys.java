package io.github.saasconnect.store.vault.autoconfigure;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.saasconnect.autoconfigure.AppSigningKeyReferences;
import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.signing.JwsSigner;
import io.github.saasconnect.signing.LocalJwsSigner;
import io.github.saasconnect.store.vault.VaultTransitJwsSigner;
import java.time.Duration;
import java.util.Map;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * App signing keys in Vault: {@code vault-transit:<key>} signs inside Transit (checked at startup with one probe
 * signature, so an unknown key or one of the wrong type stops startup naming the property);
 * {@code vault-kv:<mount>/<path>#<field>} reads a PEM private key from KV v2 once at startup.
 */
final class VaultAppSigningKeys implements AppSigningKeyReferences {

    static final String TRANSIT = "vault-transit:";
    static final String KV = "vault-kv:";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final VaultClients clients;
    private final SaasConnectVaultStoreProperties properties;

    VaultAppSigningKeys(VaultClients clients, SaasConnectVaultStoreProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public boolean supports(String reference) {
        return reference.startsWith(TRANSIT) || reference.startsWith(KV);
    }

    @Override
    public JwsSigner signer(String property, String reference, JWSAlgorithm algorithm) {
        ReactiveVaultOperations vault = clients.require(property);
        return reference.startsWith(TRANSIT)
                ? transit(vault, property, reference.substring(TRANSIT.length()), algorithm)
                : kv(vault, property, reference.substring(KV.length()), algorithm);
    }

    private JwsSigner transit(ReactiveVaultOperations vault, String property, String key, JWSAlgorithm algorithm) {
        if (!key.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidSaasConnectConfigurationException(
                    property, "'" + key + "' is not a Transit key name", "Use vault-transit:<key-name>");
        }
        VaultTransitJwsSigner signer = new VaultTransitJwsSigner(
                vault, properties.getTransit().getMount(), key, algorithm, property, properties.getRequestTimeout());
        try {
            signer.check().block(STARTUP_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    property, e.getMessage(), "Use an rsa-2048 (or larger) key for RS256/PS256, ecdsa-p256 for ES256");
        } catch (RuntimeException e) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    "the Transit key could not be checked: " + e.getMessage(),
                    "Make Vault reachable at startup (saas-connect.store.vault.uri)");
        }
        return signer;
    }

    private JwsSigner kv(ReactiveVaultOperations vault, String property, String location, JWSAlgorithm algorithm) {
        int slash = location.indexOf('/');
        int hash = location.lastIndexOf('#');
        if (slash <= 0 || hash < slash + 2 || hash == location.length() - 1) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    "'" + location + "' is not <mount>/<path>#<field>",
                    "Use vault-kv:<mount>/<path>#<field>, such as vault-kv:secret/apps/github#private_key");
        }
        String path = location.substring(0, slash) + "/data/" + location.substring(slash + 1, hash);
        String field = location.substring(hash + 1);
        VaultResponse response;
        try {
            response = vault.read(path).block(STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    "Vault did not answer the read of " + path + " ("
                            + e.getClass().getSimpleName() + ")",
                    "Grant the token read on " + path + " and make Vault reachable at startup");
        }
        Object data = response == null || response.getData() == null
                ? null
                : response.getData().get("data");
        Object pem = data instanceof Map<?, ?> fields ? fields.get(field) : null;
        if (!(pem instanceof String text) || text.isBlank()) {
            throw new InvalidSaasConnectConfigurationException(
                    property, path + " has no field '" + field + "'", "Store the PEM private key in that field");
        }
        try {
            return LocalJwsSigner.fromPem(text, algorithm, property);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    e.getMessage(),
                    "Store an RSA private key (at least 2048 bits) in PEM form there, or use vault-transit:");
        }
    }
}
