package io.github.saasconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProviderTypesTest {

    @Test
    void theFiveProviderTypesAreFoundByServiceLoader() {
        assertThat(ServiceLoader.load(ProviderType.class).stream()
                        .map(p -> p.get().name()))
                .contains("google", "microsoft", "github", "docusign", "bitbucket");
    }
}
