package io.github.saasconnect.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.AotDetector;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample built with Spring AOT (the {@code process-aot} goal of its build, before this test runs) and started in
 * AOT mode on the JVM ({@code -Dspring.aot.enabled=true}): the bean definitions come from the generated
 * initializer, not from parsing configuration classes, so a bean or condition that AOT cannot reproduce fails here.
 * Through it a user connects GitHub, the access token dies, and the job's API call refreshes it and fetches.
 */
class AotModeIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    private ConfigurableApplicationContext app;

    @BeforeEach
    void aotMode() {
        System.setProperty(AotDetector.AOT_ENABLED, "true");
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        System.clearProperty(AotDetector.AOT_ENABLED);
    }

    @Test
    void connectRefreshAndApiCallInAotMode() {
        app = new SpringApplicationBuilder(SampleApplication.class)
                // the generated initializer is named after the main class, which the stack would say is the
                // test runner's
                .main(SampleApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "sample.sync.interval=1h",
                        "saas-connect.store.file.directory=" + data.resolve("connections"))
                .run();
        assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
        // the generated initializer that AOT mode starts the context from (SpringApplication refuses AOT mode
        // without it, so this only says which class it is)
        assertThat(SampleApplication.class
                        .getClassLoader()
                        .getResource(
                                "io/github/saasconnect/sample/SampleApplication__ApplicationContextInitializer.class"))
                .isNotNull();

        GitHubSandbox github = app.getBean(SandboxProviders.Sandboxes.class).all().stream()
                .filter(GitHubSandbox.class::isInstance)
                .map(GitHubSandbox.class::cast)
                .findFirst()
                .orElseThrow();
        ConnectFlow flow = app.getBean(ConnectFlow.class);
        TokenStore store = app.getBean(TokenStore.class);

        // connect
        ConnectRedirect redirect = flow.start(
                        "github", "alice", "/", URI.create("http://127.0.0.1/saas-connect/callback/github"))
                .block(WAIT);
        AuthorizationRedirect approved = github.approve(redirect.location());
        flow.complete("github", "alice", AuthorizationCallback.ofCode(approved.state(), approved.code()))
                .block(WAIT);
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionRecord connected = store.read(alice).block(WAIT).record();

        // the access token dies at the provider: the job's API call is refused, refreshes and goes through
        github.expireAccessToken(connected.accessToken().reveal());
        long tokenRequests = github.requestCount(Endpoint.TOKEN);
        app.getBean(SyncJob.class).runOnce();

        assertThat(app.getBean(SyncResults.class).of(alice).summary()).matches("\\d+ repositories");
        assertThat(github.requestCount(Endpoint.TOKEN)).isEqualTo(tokenRequests + 1);
        assertThat(store.read(alice).block(WAIT).record().accessToken().reveal())
                .isNotEqualTo(connected.accessToken().reveal());
    }
}
