package io.github.saasconnect.job;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.internal.Sha256;
import java.nio.ByteBuffer;

/**
 * One of {@code count} fixed, disjoint shares of a registration's connections, for jobs whose runners know their
 * place: a Kubernetes indexed Job (index from {@code JOB_COMPLETION_INDEX}, count from {@code spec.completions}) or a
 * Spring Batch partition. Every connection belongs to exactly one share, chosen by a stable hash of its id (SHA-256, so
 * not by the JVM's {@code hashCode}): the same in every process, release and restart, and even across the shares.
 *
 * @param index this runner's share, from 0
 * @param count how many shares there are
 */
public record JobPartition(int index, int count) {

    private static final JobPartition ALL = new JobPartition(0, 1);

    public JobPartition {
        if (count < 1) {
            throw new IllegalArgumentException("a job needs at least 1 partition, was " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("partition index must be between 0 and " + (count - 1) + " for " + count
                    + " partitions, was " + index);
        }
    }

    /** Every connection: one share of one. */
    public static JobPartition all() {
        return ALL;
    }

    /** Share {@code index} of {@code count}. */
    public static JobPartition of(int index, int count) {
        return new JobPartition(index, count);
    }

    /** Whether {@code id} falls in this share. */
    public boolean includes(ConnectionId id) {
        if (count == 1) {
            return true;
        }
        long hash = ByteBuffer.wrap(Sha256.digest(id.toString())).getLong();
        return Math.floorMod(hash, count) == index;
    }

    @Override
    public String toString() {
        return (index + 1) + " of " + count;
    }
}
