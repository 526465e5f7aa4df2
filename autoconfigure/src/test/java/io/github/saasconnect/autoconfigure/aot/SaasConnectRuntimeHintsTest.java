package io.github.saasconnect.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.SaasConnectClientsProperties;
import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import io.github.saasconnect.autoconfigure.actuate.SaasConnectEndpoint;
import io.github.saasconnect.autoconfigure.web.SaasConnectWebProperties;
import io.github.saasconnect.connect.ConnectionSummary;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.github.GitHubProviderType;
import io.github.saasconnect.provider.google.GoogleProviderType;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The hints an AOT-processed or native application needs for what SaaS Connect reaches by reflection. */
class SaasConnectRuntimeHintsTest {

    private final RuntimeHints hints = registered();

    private static RuntimeHints registered() {
        RuntimeHints hints = new RuntimeHints();
        new SaasConnectRuntimeHints().registerHints(hints, SaasConnectRuntimeHintsTest.class.getClassLoader());
        return hints;
    }

    @Test
    void theRegistrarIsFoundWhereSpringAotLooks() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                        .load(RuntimeHintsRegistrar.class))
                .hasAtLeastOneElementOfType(SaasConnectRuntimeHints.class);
    }

    @Test
    void theRecordsJacksonWritesCanBeReadAndConstructed() {
        for (Class<?> json : new Class<?>[] {
            ConnectionSummary.class,
            SaasConnectEndpoint.SaasConnectDescriptor.class,
            SaasConnectEndpoint.RegistrationDescriptor.class
        }) {
            assertThat(RuntimeHintsPredicates.reflection()
                            .onType(json)
                            .withMemberCategories(
                                    MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
                    .as(json.getName())
                    .accepts(hints);
        }
    }

    @Test
    void everyProviderTypeTheServiceLoaderFindsCanBeInstantiated() throws Exception {
        assertThat(RuntimeHintsPredicates.resource().forResource(SaasConnectRuntimeHints.PROVIDER_TYPES))
                .accepts(hints);
        int providers = 0;
        for (ServiceLoader.Provider<ProviderType> provider :
                ServiceLoader.load(ProviderType.class).stream().toList()) {
            providers++;
            assertThat(RuntimeHintsPredicates.reflection()
                            .onType(provider.type())
                            .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
                    .as(provider.type().getName())
                    .accepts(hints);
        }
        // core's generic type and the five adapters
        assertThat(providers).isEqualTo(6);
        assertThat(SaasConnectRuntimeHints.providerTypes(getClass().getClassLoader()))
                .contains(
                        GenericOAuth2ProviderType.class.getName(),
                        GoogleProviderType.class.getName(),
                        GitHubProviderType.class.getName());
    }

    @Test
    void theConfigurationPropertiesAndTheirNestedTypesCanBeBound() {
        assertThat(RuntimeHintsPredicates.reflection().onType(SaasConnectProperties.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(SaasConnectProperties.Resilience.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(SaasConnectClientsProperties.Jobs.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(SaasConnectWebProperties.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                        .onMethodInvocation(SaasConnectProperties.Token.class, "setRequestTimeout"))
                .accepts(hints);
    }
}
