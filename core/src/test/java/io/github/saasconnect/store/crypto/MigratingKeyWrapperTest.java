package io.github.saasconnect.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MigratingKeyWrapperTest {

    private static final byte[] CONTEXT = "acme/3f9a".getBytes(StandardCharsets.UTF_8);

    private final Keyring old = Keyring.builder().active("k1", Keyring.newKey()).build();
    private final Keyring current =
            Keyring.builder().active("k2", Keyring.newKey()).build();
    private final MigratingKeyWrapper keys = new MigratingKeyWrapper(current, old);

    @Test
    void newRecordsAreWrappedUnderTheActiveKey() {
        byte[] dataKey = Keyring.newKey();

        WrappedKey wrapped = keys.wrap(dataKey, CONTEXT);

        assertThat(keys.activeKeyId()).isEqualTo("k2");
        assertThat(wrapped.keyId()).isEqualTo("k2");
        assertThat(current.unwrap(wrapped, CONTEXT)).isEqualTo(dataKey);
    }

    @Test
    void olderRecordsOpenWithThePreviousKeysAndRewrapMovesThemToTheActiveOne() {
        byte[] dataKey = Keyring.newKey();
        WrappedKey underOld = old.wrap(dataKey, CONTEXT);

        assertThat(keys.knows("k1")).isTrue();
        assertThat(keys.unwrap(underOld, CONTEXT)).isEqualTo(dataKey);

        WrappedKey moved = keys.rewrap(underOld, CONTEXT);
        assertThat(moved.keyId()).isEqualTo("k2");
        assertThat(current.unwrap(moved, CONTEXT)).isEqualTo(dataKey);
    }

    @Test
    void aKeyNeitherHoldsIsReportedByTheActiveWrapper() {
        Keyring foreign = Keyring.builder().active("k9", Keyring.newKey()).build();
        WrappedKey underForeign = foreign.wrap(Keyring.newKey(), CONTEXT);

        assertThat(keys.knows("k9")).isFalse();
        assertThatThrownBy(() -> keys.unwrap(underForeign, CONTEXT))
                .isInstanceOf(RecordCipherException.class)
                .hasMessageContaining("k9");
    }

    @Test
    void toStringNamesKeyIdsOnly() {
        assertThat(keys.toString()).contains("k1", "k2").doesNotContain("=[B");
    }
}
