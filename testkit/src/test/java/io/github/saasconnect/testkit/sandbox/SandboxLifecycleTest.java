package io.github.saasconnect.testkit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpResources;

/** A sandbox's server lives on its own event loop, whatever the application under test does with Reactor Netty's. */
class SandboxLifecycleTest {

    private final SandboxHttp http = new SandboxHttp();

    @Test
    void aSandboxKeepsAnsweringAndStopsCleanlyAfterTheGlobalReactorNettyResourcesAreDisposed() {
        GoogleSandbox sandbox = GoogleSandbox.start();
        try {
            // What a WebFlux application's context does when it closes before the test's sandbox.
            HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, Duration.ofSeconds(5))
                    .block(Duration.ofSeconds(10));

            assertThat(http.get(sandbox.discoveryUrl()).status()).isEqualTo(200);
        } finally {
            assertThatCode(sandbox::close).doesNotThrowAnyException();
        }
    }
}
