package io.github.saasconnect.store.vault.autoconfigure;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.vault.core.ReactiveVaultOperations;

/** The Vault client the Transit features use: the store's own (saas-connect.store.vault.uri), else the application's. */
final class VaultClients {

    private final ObjectProvider<VaultStoreClient> own;
    private final ObjectProvider<ReactiveVaultOperations> application;

    VaultClients(ObjectProvider<VaultStoreClient> own, ObjectProvider<ReactiveVaultOperations> application) {
        this.own = own;
        this.application = application;
    }

    /**
     * @param property the property that needs Vault, for the message when there is no client
     * @throws InvalidSaasConnectConfigurationException when there is none
     */
    ReactiveVaultOperations require(String property) {
        VaultStoreClient client = own.getIfAvailable();
        if (client != null) {
            return client.operations();
        }
        ReactiveVaultOperations operations = application.getIfUnique();
        if (operations == null) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    "needs Vault, but saas-connect.store.vault.uri is not set and the application has no single "
                            + "ReactiveVaultOperations bean",
                    "Set saas-connect.store.vault.uri and its authentication (vault/VAULT-STORE.md), or add Spring "
                            + "Cloud Vault with spring-webflux");
        }
        return operations;
    }
}
