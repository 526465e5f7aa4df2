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
                .withMessageContaining("access-token-lifetime, issuer-uri, jwk-set-uri, paging, rate-limit, "
                        + "refresh-token-lifetime, rotation, token-parameters");
    }

    @Test
    void theIdTokenIsCheckedAgainstTheIssuerAndItsKeysOnlyWhenConfigured() {
        IdTokenRules none = type.register(settings(Map.of())).descriptor().idTokenRules();
        IdTokenRules issuer = type.register(settings(Map.of("issuer-uri", "https://id.acme.example/")))
                .descriptor()
                .idTokenRules();
        IdTokenRules keys = type.register(settings(Map.of("jwk-set-uri", "https://id.acme.example/jwks")))
                .descriptor()
                .idTokenRules();

        assertThat(none).isEqualTo(IdTokenRules.CLAIMS_ONLY);
        assertThat(none.checksSignature()).isFalse();
        assertThat(issuer.issuer()).isEqualTo("https://id.acme.example");
        assertThat(issuer.discoveryIssuer()).hasToString("https://id.acme.example");
        assertThat(issuer.checksSignature()).isTrue();
        assertThat(keys.issuer()).isNull();
        assertThat(keys.jwkSetUri()).hasToString("https://id.acme.example/jwks");
    }

    @Test
    void aTenantTemplateIssuerTakesTheTokensTenantId() {
        IdTokenRules rules = IdTokenRules.issuer("https://login.example/{tenantid}/v2.0");

        assertThat(rules.expectedIssuer("t-1")).isEqualTo("https://login.example/t-1/v2.0");
        assertThat(rules.expectedIssuer(null)).isEqualTo("https://login.example/{tenantid}/v2.0");
        assertThat(IdTokenRules.issuer("https://fixed.example").expectedIssuer("t-1"))
                .isEqualTo("https://fixed.example");
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
