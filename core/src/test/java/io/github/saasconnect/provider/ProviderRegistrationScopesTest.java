package io.github.saasconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scopes a connect may ask for: the registration's own as the baseline, the optional ones on request. */
class ProviderRegistrationScopesTest {

    private final ProviderRegistration registration = new ProviderRegistration(
                    "google",
                    ProviderDescriptor.builder("test")
                            .authorizationUri(URI.create("https://idp.example/auth"))
                            .tokenUri(URI.create("https://idp.example/token"))
                            .requiredScopes(List.of("openid"))
                            .build(),
                    "client",
                    null,
                    List.of("email"),
                    null,
                    null)
            .withOptionalScopes(List.of("drive", "calendar"));

    @Test
    void anOptionalScopeIsRequestedOnlyWhenAsked() {
        assertThat(registration.requestedScopes()).containsExactly("email", "openid");
        assertThat(registration.allowedScopes()).containsExactly("email", "openid", "drive", "calendar");

        ProviderRegistration asking = registration.requesting(List.of("calendar"));

        assertThat(asking.requestedScopes()).containsExactly("email", "calendar", "openid");
        assertThat(asking.optionalScopes()).isEqualTo(registration.optionalScopes());
        assertThat(registration.requesting(List.of())).isSameAs(registration);
    }

    @Test
    void aScopeOutsideTheAllowedSetIsRefusedNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> registration.requesting(List.of("drive", "mail")))
                .withMessageContaining("[mail]")
                .withMessageContaining("saas-connect.providers.google.optional-scopes");
    }
}
