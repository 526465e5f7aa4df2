package io.github.saasconnect.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.client.ProviderClients;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * Adding the starter leaves the application's HTTP stack alone: the {@link ClientHttpRequestFactory} Spring Boot
 * detects for the application's own {@link RestClient} is the same with and without it. Before, the starter brought
 * Reactor Netty, which Boot prefers to the JDK client, so the application's RestClient moved to Reactor Netty the
 * moment the starter was added. The test's class path is the starter's plus {@code spring-boot-starter-restclient}
 * (what an application calling its own services has), and the build fails if the starter's dependency tree gains an
 * HTTP client library again (enforcer execution {@code no-http-client-library}).
 */
class AppHttpStackTest {

    @TempDir
    Path dir;

    @Test
    void theApplicationsRestClientKeepsTheFactoryBootDetectsWithoutTheStarter() {
        // Boot's HTTP client and RestClient auto-configurations alone: the application as it was
        Class<?> withoutStarter = detectedFactory(new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class)));
        // every auto-configuration on the class path, ours included
        Class<?> withStarter = detectedFactory(runner());

        assertThat(withStarter).isEqualTo(withoutStarter).isEqualTo(JdkClientHttpRequestFactory.class);
    }

    @Test
    void theStarterBringsNoHttpClientLibraryForBootToDetect() {
        ClassLoader classLoader = getClass().getClassLoader();
        // Boot's detection order for ClientHttpRequestFactory and ClientHttpConnector, JDK last
        assertThat(ClassUtils.isPresent("org.apache.hc.client5.http.impl.classic.HttpClients", classLoader))
                .isFalse();
        assertThat(ClassUtils.isPresent("org.eclipse.jetty.client.HttpClient", classLoader))
                .isFalse();
        assertThat(ClassUtils.isPresent("reactor.netty.http.client.HttpClient", classLoader))
                .isFalse();
    }

    @Test
    void theStarterAddsNoHttpClientBeansToTheApplication() {
        runner().run(app -> {
            assertThat(app).hasSingleBean(ProviderClients.class);
            // the application's RestClient.Builder is Boot's, and nothing of ours replaced or added a WebClient one
            assertThat(app).hasSingleBean(RestClient.Builder.class);
            assertThat(app.getBeanNamesForType(
                            org.springframework.web.reactive.function.client.WebClient.Builder.class))
                    .isEmpty();
        });
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(App.class)
                .withPropertyValues(
                        "saas-connect.store.file.directory=" + dir.resolve("tokens"),
                        "saas-connect.providers.github.type=github",
                        "saas-connect.providers.github.client-id=Iv1.starter",
                        "saas-connect.providers.github.client-secret=starter-secret");
    }

    /** The request factory class the application's RestClient would be built on, as Boot's auto-configuration chose it. */
    private static Class<?> detectedFactory(ApplicationContextRunner runner) {
        Class<?>[] detected = new Class<?>[1];
        runner.run(app -> {
            assertThat(app).hasNotFailed();
            detected[0] =
                    app.getBean(ClientHttpRequestFactoryBuilder.class).build().getClass();
        });
        return detected[0];
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}
}
