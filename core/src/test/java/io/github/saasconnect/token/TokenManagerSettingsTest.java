package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenManagerSettingsTest {

    @Test
    void theDefaultInstanceIdNamesThisProcessAndDiffersPerSettingsObject() {
        String first = TokenManagerSettings.defaults().instanceId();
        String second = TokenManagerSettings.defaults().instanceId();

        assertThat(first).startsWith(ProcessHandle.current().pid() + "").matches("[0-9]+(@[^/]+)?/[0-9a-f]{8}");
        assertThat(second).isNotEqualTo(first);
    }
}
