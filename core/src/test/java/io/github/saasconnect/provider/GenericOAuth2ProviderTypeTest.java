package io.github.saasconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericOAuth2ProviderTypeTest {

    private final GenericOAuth2ProviderType type = new GenericOAuth2ProviderType();

    @Test
    void readsTheRotationOption() {
        ProviderRegistration registration = type.register(settings(Map.of("rotation", "rotates-old-stays-valid")));

        assertThat(type.option("rotation")).isPresent();
        assertThat(registration.descriptor().rotation()).isEqualTo(RefreshTokenRotation.ROTATES_OLD_STAYS_VALID);
    }

    @Test
    void refusesAnOptionItDoesNotReadInsteadOfIgnoringIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(settings(Map.of("tenant", "common"))))
                .withMessageContaining("saas-connect.providers.acme.options.tenant")
                .withMessageContaining("access-token-lifetime, paging, rate-limit, refresh-token-lifetime, rotation, "
                        + "token-parameters");
    }

    private static RegistrationSettings settings(Map<String, String> options) {
        return new RegistrationSettings(
                "acme",
                GenericOAuth2ProviderType.NAME,
                "client",
                null,
                List.of(),
                null,
                URI.create("https://id.acme.example/authorize"),
                URI.create("https://id.acme.example/token"),
                null,
                null,
                null,
                null,
                Map.of(),
                null,
                options);
    }
}
