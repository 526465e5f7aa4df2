package io.github.saasconnect.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectionOwnerResolver;
import io.github.saasconnect.connect.ReactiveConnectionOwnerResolver;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.file.FilePendingAuthorizationStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.function.RouterFunction;
import reactor.core.publisher.Mono;

/** Which beans the connect auto-configuration contributes, and what stops startup with a clear message. */
class ConnectEndpointsAutoConfigurationTest {

    private static final AutoConfigurations CONFIGS = AutoConfigurations.of(
            SaasConnectStoreAutoConfiguration.class,
            SaasConnectAutoConfiguration.class,
            ConnectFlowAutoConfiguration.class,
            ConnectEndpointsMvcAutoConfiguration.class,
            ConnectEndpointsWebFluxAutoConfiguration.class);
    private static final String[] PROVIDER = {
        "saas-connect.providers.demo.type=oauth2",
        "saas-connect.providers.demo.client-id=id",
        "saas-connect.providers.demo.authorization-uri=https://p/a",
        "saas-connect.providers.demo.token-uri=https://p/t"
    };

    @TempDir
    Path dir;

    private WebApplicationContextRunner servlet() {
        return new WebApplicationContextRunner()
                .withConfiguration(CONFIGS)
                .withPropertyValues(PROVIDER)
                .withPropertyValues("saas-connect.store.type=memory");
    }

    private ReactiveWebApplicationContextRunner reactive() {
        return new ReactiveWebApplicationContextRunner()
                .withConfiguration(CONFIGS)
                .withPropertyValues(PROVIDER)
                .withPropertyValues("saas-connect.store.type=memory");
    }

    @Test
    void withSpringSecurityTheServletEndpointsUseThePrincipalAsOwner() {
        servlet().run(ctx -> {
            assertThat(ctx)
                    .hasNotFailed()
                    .hasSingleBean(ConnectFlow.class)
                    .hasBean("saasConnectMvcEndpoints")
                    .doesNotHaveBean("saasConnectWebFluxEndpoints");
            assertThat(ctx.getBean(ConnectionOwnerResolver.class))
                    .isInstanceOf(SpringSecurityConnectionOwnerResolver.class);
        });
    }

    @Test
    void withSpringSecurityTheReactiveEndpointsUseThePrincipalAsOwner() {
        reactive().run(ctx -> {
            assertThat(ctx)
                    .hasNotFailed()
                    .hasBean("saasConnectWebFluxEndpoints")
                    .doesNotHaveBean("saasConnectMvcEndpoints");
            assertThat(ctx.getBean(ReactiveConnectionOwnerResolver.class))
                    .isInstanceOf(SpringSecurityReactiveConnectionOwnerResolver.class);
        });
    }

    @Test
    void withoutSpringSecurityOrAResolverAServletAppFailsToStartAndSaysWhatToDo() {
        servlet()
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(InvalidSaasConnectConfigurationException.class)
                            .hasMessageContaining("saas-connect.web.enabled")
                            .hasMessageContaining(ConnectionOwnerResolver.class.getName())
                            .hasMessageContaining("Spring Security");
                });
    }

    @Test
    void withoutSpringSecurityOrAResolverAReactiveAppFailsToStartAndSaysWhatToDo() {
        reactive()
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining(ReactiveConnectionOwnerResolver.class.getName())
                            .hasMessageContaining("saas-connect.web.enabled=false");
                });
    }

    @Test
    void anApplicationsOwnResolverIsUsedWithoutSpringSecurity() {
        servlet()
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withBean(ConnectionOwnerResolver.class, HeaderOwners::mvc)
                .run(ctx -> assertThat(ctx).hasNotFailed().hasBean("saasConnectMvcEndpoints"));
    }

    @Test
    void theEndpointsCanBeTurnedOffAndThenNeedNoResolver() {
        servlet()
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withPropertyValues("saas-connect.web.enabled=false")
                .run(ctx -> assertThat(ctx)
                        .hasNotFailed()
                        .hasSingleBean(ConnectFlow.class)
                        .doesNotHaveBean(RouterFunction.class));
    }

    @Test
    void aNonWebApplicationGetsTheFlowButNoEndpoints() {
        new ApplicationContextRunner()
                .withConfiguration(CONFIGS)
                .withPropertyValues(PROVIDER)
                .withPropertyValues("saas-connect.store.type=memory")
                .run(ctx -> assertThat(ctx)
                        .hasNotFailed()
                        .hasSingleBean(ConnectFlow.class)
                        .doesNotHaveBean("saasConnectMvcEndpoints")
                        .doesNotHaveBean("saasConnectWebFluxEndpoints"));
    }

    @Test
    void theFileTokenStoreGetsEncryptedPendingFilesInItsDirectory() {
        servlet()
                .withPropertyValues(
                        "saas-connect.store.type=file", "saas-connect.store.file.directory=" + dir.resolve("store"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    FilePendingAuthorizationStore pending = ctx.getBean(FilePendingAuthorizationStore.class);
                    assertThat(pending.directory())
                            .isEqualTo(dir.resolve("store").toRealPath().resolve(".pending"));
                });
    }

    @Test
    void theMemoryTokenStoreGetsMemoryPendingAuthorizations() {
        servlet()
                .run(ctx -> assertThat(ctx.getBean(PendingAuthorizationStore.class))
                        .isInstanceOf(InMemoryPendingAuthorizationStore.class));
    }

    @Test
    void anotherTokenStoreWithoutAPendingStoreStopsTheEndpointsButNotTheApplication() {
        servlet().withBean(TokenStore.class, ForeignStore::new).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("saas-connect.connect.pending-store")
                    .hasMessageContaining("'foreign'");
        });
        servlet()
                .withBean(TokenStore.class, ForeignStore::new)
                .withPropertyValues("saas-connect.web.enabled=false")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(ConnectFlow.class));
        servlet()
                .withBean(TokenStore.class, ForeignStore::new)
                .withPropertyValues("saas-connect.connect.pending-store=memory")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasBean("saasConnectMvcEndpoints"));
    }

    @Test
    void anApplicationsPendingStoreReplacesTheDefault() {
        InMemoryPendingAuthorizationStore own = new InMemoryPendingAuthorizationStore();
        servlet()
                .withBean(PendingAuthorizationStore.class, () -> own)
                .run(ctx ->
                        assertThat(ctx.getBean(PendingAuthorizationStore.class)).isSameAs(own));
    }

    @Test
    void anAllowedReturnOriginThatIsNotAnOriginStopsStartupNamingTheProperty() {
        servlet()
                .withPropertyValues("saas-connect.web.allowed-return-origins=https://app.example/path")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("saas-connect.web.allowed-return-origins");
                });
    }

    /** A token store the auto-configuration has no pending store for (as Vault is until its store lands). */
    static final class ForeignStore implements TokenStore {
        @Override
        public Mono<VersionedRecord> read(ConnectionId id) {
            return Mono.empty();
        }

        @Override
        public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
            return Mono.just(1L);
        }

        @Override
        public Mono<Void> delete(ConnectionId id) {
            return Mono.empty();
        }

        @Override
        public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
            return Mono.empty();
        }

        @Override
        public String name() {
            return "foreign";
        }
    }
}
