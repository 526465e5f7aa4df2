package io.github.saasconnect.provider.github;

import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.provider.testing.StrictRotationScenario;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubStrictRotationTest {

    private static final Duration USER_TOKEN_LIFETIME = Duration.ofHours(8);

    private final SandboxFlow flow = new SandboxFlow();
    private final GitHubSandbox github =
            GitHubSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private final ProviderRegistration registration = new GitHubProviderType()
            .register(Settings.of("github")
                    .client(github.client().clientId(), github.client().clientSecret())
                    .option("web-base-url", github.webBaseUrl().toString())
                    .option("api-base-url", github.apiBaseUrl().toString())
                    .build());
    private final StrictRotationScenario scenario = new StrictRotationScenario(flow, github, registration);

    @AfterEach
    void stop() {
        scenario.close();
        github.close();
    }

    @Test
    void twoHundredCallersOnAnExpiredGitHubAppTokenCauseOneRefreshAndNoBadRefreshToken() throws Exception {
        scenario.connectedAndExpired(USER_TOKEN_LIFETIME);

        Set<String> tokens = scenario.callersAcrossInstances(200, 1);

        scenario.assertOneRefreshAndALiveConnection(tokens);
    }

    @Test
    void twoHundredCallersAcrossFourInstancesSharingAStoreCauseOneRefresh() throws Exception {
        scenario.connectedAndExpired(USER_TOKEN_LIFETIME);

        Set<String> tokens = scenario.callersAcrossInstances(200, 4);

        scenario.assertOneRefreshAndALiveConnection(tokens);
    }
}
