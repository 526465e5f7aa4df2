package io.github.saasconnect.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.token.TokenManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * An application with the starter alone, on exactly the class path the starter gives it: no Spring Vault, the file
 * store serves, and asking for the Vault store stops startup with the dependency to add.
 */
@ExtendWith(OutputCaptureExtension.class)
class StarterWithoutVaultTest {

    @TempDir
    Path dir;

    @Test
    void theStarterBringsNeitherSpringVaultNorTheVaultStore() {
        assertThatThrownBy(() -> Class.forName("org.springframework.vault.core.VaultTemplate"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.github.saasconnect.store.vault.VaultTokenStore"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void anApplicationKeepsItsConnectionsInTheFileStore() {
        try (ConfigurableApplicationContext app = application().run()) {
            assertThat(app.getBean(TokenStore.class)).isInstanceOf(FileTokenStore.class);
            assertThat(app.getBeansOfType(TokenManager.class)).hasSize(1);
            assertThat(dir.resolve("tokens")).isDirectory();
        }
    }

    @Test
    void askingForTheVaultStoreStopsStartupNamingThePropertyAndTheDependencyToAdd(CapturedOutput output) {
        assertThatThrownBy(() -> application()
                        .properties("saas-connect.store.type=vault")
                        .run())
                .rootCause()
                .isInstanceOfSatisfying(
                        InvalidSaasConnectConfigurationException.class,
                        e -> assertThat(e.property()).isEqualTo("saas-connect.store.type"));
        // the failure analyzer's report, as the operator sees it
        assertThat(output)
                .contains("Fix 'saas-connect.store.type'")
                .contains("Add the dependency io.github.saasconnect:saas-connect-vault");
    }

    private SpringApplicationBuilder application() {
        // a GitHub registration: the provider adapters come with the starter too; nothing is called at startup
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "saas-connect.store.file.directory=" + dir.resolve("tokens"),
                        "saas-connect.providers.github.type=github",
                        "saas-connect.providers.github.client-id=Iv1.starter",
                        "saas-connect.providers.github.client-secret=starter-secret");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}
}
