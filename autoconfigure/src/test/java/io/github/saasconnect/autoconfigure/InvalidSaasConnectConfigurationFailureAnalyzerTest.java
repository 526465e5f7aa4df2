package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class InvalidSaasConnectConfigurationFailureAnalyzerTest {

    @Test
    void reportsThePropertyAndTheFix() {
        InvalidSaasConnectConfigurationException e = new InvalidSaasConnectConfigurationException(
                "saas-connect.providers.github.client-id", "no client id is set", "Set it to the client id");

        FailureAnalysis analysis = new InvalidSaasConnectConfigurationFailureAnalyzer()
                .analyze(new IllegalStateException("wrapper", e));

        assertThat(analysis.getDescription()).contains("saas-connect.providers.github.client-id")
                .contains("no client id is set");
        assertThat(analysis.getAction()).startsWith("Fix 'saas-connect.providers.github.client-id'")
                .contains("Set it to the client id");
    }
}
