package io.github.saasconnect.testkit.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.sandbox.Endpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {

    private final Route token =
            Route.post("/{tenant}/oauth2/v2.0/token", Endpoint.TOKEN, request -> SandboxResponse.empty(200));

    @Test
    void templateSegmentsCaptureVariables() {
        assertThat(token.match("/common/oauth2/v2.0/token")).contains(Map.of("tenant", "common"));
    }

    @Test
    void literalSegmentsAndLengthMustMatch() {
        assertThat(token.match("/common/oauth2/v2.0/authorize")).isEmpty();
        assertThat(token.match("/v1.0/me")).isEmpty();
        assertThat(token.match("//oauth2/v2.0/token")).isEmpty();
    }
}
