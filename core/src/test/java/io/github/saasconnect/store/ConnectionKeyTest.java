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

    private static final ConnectionKey KEYED = ConnectionKey.keyed(new byte[32]);

    @Test
    void aDefaultConnectionKeepsTheNameConnectionsHadBeforeAccounts() {
        ConnectionId id = ConnectionId.of("github", "alice");

        assertThat(KEYED.name(id)).isEqualTo(KEYED.ownerName(id)).hasSize(ConnectionKey.NAME_LENGTH);
        assertThat(ConnectionKey.isAccountName(KEYED.name(id))).isFalse();
    }

    @Test
    void aNamedAccountIsFiledBelowItsOwnersNameAndShowsNoAccountId() {
        ConnectionId id = ConnectionId.of("github", "alice", "../../1001");

        String name = KEYED.name(id);

        assertThat(name)
                .startsWith(KEYED.ownerName(id) + ConnectionKey.ACCOUNT_SEPARATOR)
                .hasSize(2 * ConnectionKey.NAME_LENGTH + 1)
                .matches("[A-Za-z0-9_-]{43}/[A-Za-z0-9_-]{43}")
                .doesNotContain("1001")
                .doesNotContain("..");
        assertThat(ConnectionKey.isAccountName(name)).isTrue();
        assertThat(KEYED.ownerName(id)).isEqualTo(KEYED.name(ConnectionId.of("github", "alice")));
    }

    @Test
    void accountsOfOneOwnerAndTheSameAccountOfTwoOwnersAllHaveDistinctNames() {
        assertThat(java.util.List.of(
                        KEYED.name(ConnectionId.of("github", "alice", "1")),
                        KEYED.name(ConnectionId.of("github", "alice", "2")),
                        KEYED.name(ConnectionId.of("github", "bob", "1")),
                        KEYED.name(ConnectionId.of("github", "alice")),
                        KEYED.name(ConnectionId.of("google", "alice", "1")),
                        ConnectionKey.of(ConnectionId.of("github", "alice", "1"))))
                .doesNotHaveDuplicates();
    }

    @Test
    void theKeyDecidesTheName() {
        byte[] other = new byte[32];
        other[0] = 1;
        ConnectionId id = ConnectionId.of("github", "alice", "1");

        assertThat(ConnectionKey.keyed(other).name(id)).isNotEqualTo(KEYED.name(id));
    }
}
