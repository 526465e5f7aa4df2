package io.github.saasconnect.provider.docusign;

import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.provider.testing.StrictRotationScenario;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DocuSignStrictRotationTest {

    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(8);

    private final SandboxFlow flow = new SandboxFlow();
    private final DocuSignSandbox docusign =
            DocuSignSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private final ProviderRegistration registration = new DocuSignProviderType()
            .register(Settings.of("docusign")
                    .client(docusign.client().clientId(), docusign.client().clientSecret())
                    .scopes("signature")
                    .option("oauth-base-url", docusign.baseUrl().toString())
                    .build());
    private final StrictRotationScenario scenario = new StrictRotationScenario(flow, docusign, registration);

    @AfterEach
    void stop() {
        scenario.close();
        docusign.close();
    }

    @Test
    void twoHundredCallersOnAnExpiredDocuSignTokenCauseOneRefreshAndNoDeadGrant() throws Exception {
        scenario.connectedAndExpired(ACCESS_TOKEN_LIFETIME);

        Set<String> tokens = scenario.callersAcrossInstances(200, 1);

        scenario.assertOneRefreshAndALiveConnection(tokens);
    }

    @Test
    void twoHundredCallersAcrossFourInstancesSharingAStoreCauseOneRefresh() throws Exception {
        scenario.connectedAndExpired(ACCESS_TOKEN_LIFETIME);

        Set<String> tokens = scenario.callersAcrossInstances(200, 4);

        scenario.assertOneRefreshAndALiveConnection(tokens);
    }
}
