package io.github.saasconnect.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.observation.DefaultApiCallObservationConvention;
import io.github.saasconnect.observation.DefaultKeepAliveSweepObservationConvention;
import io.github.saasconnect.observation.DefaultRateLimitWaitObservationConvention;
import io.github.saasconnect.observation.DefaultStoreOperationObservationConvention;
import io.github.saasconnect.observation.DefaultTokenRequestObservationConvention;
import io.github.saasconnect.observation.SaasConnectMeterHandler;
import io.github.saasconnect.observation.SaasConnectObservation;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README promises a list of every meter and every observation: each name the code registers must be in it.
 */
class MetersAreDocumentedTest {

    @Test
    void everySaasConnectMeterNameIsInTheReadmesMetersTable() throws IOException, IllegalAccessException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String meters = readme.substring(readme.indexOf("### Meters"));
        List<String> names = new ArrayList<>();
        for (Class<?> named : List.of(
                DefaultTokenRequestObservationConvention.class,
                DefaultStoreOperationObservationConvention.class,
                DefaultApiCallObservationConvention.class,
                DefaultRateLimitWaitObservationConvention.class,
                DefaultKeepAliveSweepObservationConvention.class,
                SaasConnectMeterHandler.class,
                SaasConnectMetricsAutoConfiguration.class)) {
            for (Field field : named.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    field.setAccessible(true);
                    names.add((String) field.get(null));
                }
            }
        }

        assertThat(names).hasSizeGreaterThanOrEqualTo(10).allMatch(name -> name.startsWith("saasconnect."));
        assertThat(names)
                .allSatisfy(
                        name -> assertThat(meters).as("README's Meters table").contains("| `" + name + "` |"));
    }

    @Test
    void everyObservationIsInTheReadmesObservationsTableWithItsKeys() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String observations = readme.substring(readme.indexOf("### Observations"), readme.indexOf("### Meters"));

        for (SaasConnectObservation observation : SaasConnectObservation.values()) {
            assertThat(observations).as("README's Observations table").contains("`" + observation.name() + "`");
            for (var key : observation.getLowCardinalityKeyNames()) {
                assertThat(observations).contains("`" + key.asString() + "`");
            }
            assertThat(observation.getHighCardinalityKeyNames()).isEmpty();
        }
    }
}
