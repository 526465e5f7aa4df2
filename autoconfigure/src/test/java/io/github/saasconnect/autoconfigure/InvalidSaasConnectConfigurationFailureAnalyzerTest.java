package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class InvalidSaasConnectConfigurationFailureAnalyzerTest {

    @Test
    void reportsThePropertyAndTheFix() {
        InvalidSaasConnectConfigurationException e = new InvalidSaasConnectConfigurationException(
                "saas-connect.providers.github.client-id", "no client id is set", "Set it to the client id");

        FailureAnalysis analysis =
                new InvalidSaasConnectConfigurationFailureAnalyzer().analyze(new IllegalStateException("wrapper", e));

        assertThat(analysis.getDescription())
                .contains("saas-connect.providers.github.client-id")
                .contains("no client id is set");
        assertThat(analysis.getAction())
                .startsWith("Fix 'saas-connect.providers.github.client-id'")
                .contains("Set it to the client id");
    }

    @Test
    void aMisplacedProviderOptionIsReportedWithWhereItBelongs() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.client-id=11111111-2222-3333-4444-555555555555",
                        "saas-connect.providers.ms.authority-host=https://login.proxy.example.com")
                .run(ctx -> {
                    FailureAnalysis analysis =
                            new InvalidSaasConnectConfigurationFailureAnalyzer().analyze(ctx.getStartupFailure());

                    assertThat(analysis.getDescription())
                            .isEqualTo(
                                    "SaaS Connect configuration is invalid: "
                                            + "saas-connect.providers.ms.authority-host: not a setting of a registration. Move it to "
                                            + "saas-connect.providers.ms.options.authority-host: 'authority-host' is an option of "
                                            + "provider type 'microsoft', and options go under saas-connect.providers.ms.options");
                    assertThat(analysis.getAction())
                            .startsWith("Fix 'saas-connect.providers.ms.authority-host': "
                                    + "Move it to saas-connect.providers.ms.options.authority-host");
                });
    }
}
