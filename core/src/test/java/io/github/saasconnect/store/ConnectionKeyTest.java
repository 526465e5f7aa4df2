package io.github.saasconnect.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import org.junit.jupiter.api.Test;

class ConnectionKeyTest {

    @Test
    void isA43CharacterPathSafeDigestThatShowsNoOwner() {
        String key = ConnectionKey.of(ConnectionId.of("github", "../../etc/passwd"));

        assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+").doesNotContain("passwd");
    }

    @Test
    void separatesRegistrationFromOwnerSoNoConcatenationCollides() {
        assertThat(ConnectionKey.of(ConnectionId.of("ab", "c")))
                .isNotEqualTo(ConnectionKey.of(ConnectionId.of("a", "bc")));
    }

    @Test
    void isTheSameForTheSameConnectionAndDiffersAcrossOwners() {
        assertThat(ConnectionKey.of(ConnectionId.of("github", "ü")))
                .isEqualTo(ConnectionKey.of(ConnectionId.of("github", "ü")))
                .isNotEqualTo(ConnectionKey.of(ConnectionId.of("github", "u")));
    }
}
