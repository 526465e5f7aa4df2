package io.github.saasconnect.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.metrics.MicrometerInstrumentation;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README promises a list of every meter: each meter name the code registers must be in it. */
class MetersAreDocumentedTest {

    @Test
    void everySaasConnectMeterNameIsInTheReadmesMetersTable() throws IOException, IllegalAccessException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String meters = readme.substring(readme.indexOf("### Meters"));
        List<String> names = new ArrayList<>();
        for (Field field : MicrometerInstrumentation.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        names.add(SaasConnectMetricsAutoConfiguration.PENDING_WRITES);

        assertThat(names).hasSizeGreaterThanOrEqualTo(9).allMatch(name -> name.startsWith("saasconnect."));
        assertThat(names).allSatisfy(name -> assertThat(meters).as("README's Meters table")
                .contains("| `" + name + "` |"));
    }
}
