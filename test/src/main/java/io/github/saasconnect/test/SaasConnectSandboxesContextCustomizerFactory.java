package io.github.saasconnect.test;

import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Reads {@link SaasConnectSandboxes} from a test class (registered in {@code META-INF/spring.factories}), so that
 * the sandboxes start with the context, not per test.
 */
final class SaasConnectSandboxesContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .get(SaasConnectSandboxes.class)
                .synthesize(a -> a.isPresent())
                .map(a -> new Customizer(List.of(a.value()), List.of(a.connections())))
                .orElse(null);
    }

    /** Equal for equal providers and connections, so that Spring's context cache shares such contexts. */
    private record Customizer(List<SandboxProvider> providers, List<String> connections) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<SandboxProvider, ProviderSandbox> started = new EnumMap<>(SandboxProvider.class);
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("saas-connect.store.type", "memory");
            for (SandboxProvider provider : providers.stream().distinct().toList()) {
                ProviderSandbox sandbox = provider.start(SandboxOptions.defaults());
                started.put(provider, sandbox);
                properties.putAll(provider.properties(sandbox));
            }
            // after the test's own properties: a test that sets saas-connect.store.type keeps its store
            context.getEnvironment()
                    .getPropertySources()
                    .addLast(new MapPropertySource("saas-connect-sandboxes", properties));
            RunningSandboxes sandboxes = new RunningSandboxes(started);
            context.getBeanFactory().registerSingleton("saasConnectRunningSandboxes", sandboxes);
            context.addApplicationListener(event -> {
                if (event instanceof ContextRefreshedEvent refreshed && refreshed.getApplicationContext() == context) {
                    sandboxes.connectWith(context.getBean(ConnectFlow.class));
                    connections.forEach(sandboxes::connect);
                } else if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                    sandboxes.close();
                }
            });
        }

        @Override
        public String toString() {
            return "SaasConnectSandboxes" + Arrays.toString(providers.toArray()) + connections;
        }
    }
}
