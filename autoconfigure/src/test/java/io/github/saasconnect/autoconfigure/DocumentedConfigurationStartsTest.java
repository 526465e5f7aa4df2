package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.provider.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Every registration the README, providers/PROVIDERS.md and the sample's real profile show starts: the check for
 * unread provider settings must not refuse a documented configuration.
 */
class DocumentedConfigurationStartsTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    static Stream<Object[]> documentedRegistrations() throws IOException {
        List<Object[]> examples = new ArrayList<>();
        for (Path doc : List.of(Path.of("..", "README.md"), Path.of("..", "providers", "PROVIDERS.md"))) {
            Matcher block = YAML_BLOCK.matcher(Files.readString(doc));
            for (int n = 1; block.find(); n++) {
                if (block.group(1).contains("providers:")) {
                    examples.add(new Object[] {doc.getFileName() + " yaml block " + n, block.group(1)});
                }
            }
        }
        Path sample = Path.of("..", "samples", "scheduled-sync", "src", "main", "resources", "application-real.yml");
        examples.add(new Object[] {"sample application-real.yml", Files.readString(sample)});
        assertThat(examples).hasSizeGreaterThanOrEqualTo(7);
        return examples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedRegistrations")
    void starts(String where, String yaml) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
                .withPropertyValues("saas-connect.store.type=memory")
                .withInitializer(ctx -> load(yaml).forEach(ctx.getEnvironment().getPropertySources()::addLast))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(ProviderRegistry.class).all()).isNotEmpty();
                });
    }

    private static List<PropertySource<?>> load(String yaml) {
        try {
            return new YamlPropertySourceLoader().load("documented", new ByteArrayResource(yaml.getBytes()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
