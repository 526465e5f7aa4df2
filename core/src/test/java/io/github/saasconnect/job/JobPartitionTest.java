package io.github.saasconnect.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobPartitionTest {

    private static final List<ConnectionId> IDS = IntStream.range(0, 4000)
            .mapToObj(i -> ConnectionId.of("github", "user-" + i))
            .toList();

    @Test
    void everyConnectionFallsInExactlyOneShareAndTheSharesAreEven() {
        for (ConnectionId id : IDS) {
            assertThat(IntStream.range(0, 4).filter(i -> JobPartition.of(i, 4).includes(id)))
                    .as(id.toString())
                    .hasSize(1);
        }
        for (int i = 0; i < 4; i++) {
            JobPartition share = JobPartition.of(i, 4);
            // 1,000 expected; a binomial spread of more than 120 is a 1-in-10^5 event
            assertThat(IDS.stream().filter(share::includes).count()).isBetween(880L, 1120L);
        }
    }

    @Test
    void theShareOfAConnectionIsTheSameInEveryProcessNotTheJvmsHashCode() {
        // SHA-256("github:user-1"), first 8 bytes as a signed long, modulo 7: fixed for good
        int share = IntStream.range(0, 7)
                .filter(i -> JobPartition.of(i, 7).includes(ConnectionId.of("github", "user-1")))
                .findFirst()
                .orElseThrow();
        long hash = java.nio.ByteBuffer.wrap(io.github.saasconnect.connection.internal.Sha256.digest("github:user-1"))
                .getLong();

        assertThat(share).isEqualTo(Math.floorMod(hash, 7));
    }

    @Test
    void allIsOneShareOfOneAndIncludesEverything() {
        assertThat(JobPartition.all()).isEqualTo(JobPartition.of(0, 1));
        assertThat(IDS).allMatch(JobPartition.all()::includes);
        assertThat(JobPartition.of(2, 5)).hasToString("3 of 5");
    }

    @Test
    void anIndexOutsideTheCountIsRefusedWithTheRange() {
        assertThatThrownBy(() -> JobPartition.of(3, 3)).hasMessageContaining("between 0 and 2");
        assertThatThrownBy(() -> JobPartition.of(-1, 3)).hasMessageContaining("between 0 and 2");
        assertThatThrownBy(() -> JobPartition.of(0, 0)).hasMessageContaining("at least 1 partition");
    }
}
