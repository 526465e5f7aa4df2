package io.github.saasconnect.job;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a run over a registration's connections did.
 *
 * @param registration the registration walked
 * @param startedAt when the run started
 * @param duration how long it took (wall time)
 * @param succeeded connections whose work completed
 * @param failedByKind connections whose work failed, by failure class; reauthorization is reported separately in
 *     {@code needsReauthorization}
 * @param failedOther connections whose work failed for reasons of the application's own
 * @param needsReauthorization connections found to need the user to connect again during this run
 * @param skipped connections not processed because they were already marked as needing reauthorization or revoked
 * @param failures the failed connections with their errors, the first {@code maxRecordedFailures} of them
 * @param unreadable records the store holds for this registration but cannot read (written with another key, damaged):
 *     no work ran for them; each is a user who must connect again, or a key an operator must restore
 * @param shared what a {@linkplain ConnectionJobs#shared shared} run found of the other replicas' claims; {@code null}
 *     for a run that claims nothing
 */
public record JobReport(
        String registration,
        Instant startedAt,
        Duration duration,
        int succeeded,
        Map<FailureKind, Integer> failedByKind,
        int failedOther,
        List<ConnectionId> needsReauthorization,
        int skipped,
        List<ConnectionFailure> failures,
        int unreadable,
        @Nullable SharedRun shared) {

    public JobReport {
        failedByKind = Map.copyOf(failedByKind);
        needsReauthorization = List.copyOf(needsReauthorization);
        failures = List.copyOf(failures);
        if (unreadable < 0) {
            throw new IllegalArgumentException("unreadable must not be negative but was " + unreadable);
        }
    }

    /** A report of a run that claims nothing. */
    public JobReport(
            String registration,
            Instant startedAt,
            Duration duration,
            int succeeded,
            Map<FailureKind, Integer> failedByKind,
            int failedOther,
            List<ConnectionId> needsReauthorization,
            int skipped,
            List<ConnectionFailure> failures,
            int unreadable) {
        this(
                registration,
                startedAt,
                duration,
                succeeded,
                failedByKind,
                failedOther,
                needsReauthorization,
                skipped,
                failures,
                unreadable,
                null);
    }

    /** A report of a run that claims nothing and met no unreadable record. */
    public JobReport(
            String registration,
            Instant startedAt,
            Duration duration,
            int succeeded,
            Map<FailureKind, Integer> failedByKind,
            int failedOther,
            List<ConnectionId> needsReauthorization,
            int skipped,
            List<ConnectionFailure> failures) {
        this(
                registration,
                startedAt,
                duration,
                succeeded,
                failedByKind,
                failedOther,
                needsReauthorization,
                skipped,
                failures,
                0);
    }

    /** Connections whose work failed, whatever the reason (reauthorization included). */
    public int failed() {
        return failedByKind.values().stream().mapToInt(Integer::intValue).sum()
                + failedOther
                + needsReauthorization.size();
    }

    /** Connections whose failure was of {@code kind} (0 when none). */
    public int failed(FailureKind kind) {
        return kind == FailureKind.REAUTHORIZATION_REQUIRED
                ? needsReauthorization.size()
                : failedByKind.getOrDefault(kind, 0);
    }

    /** Connections seen: processed, skipped and unreadable (not those another replica had claimed). */
    public int total() {
        return succeeded + failed() + skipped + unreadable;
    }

    @Override
    public String toString() {
        return "JobReport[registration=" + registration + ", succeeded=" + succeeded + ", failedByKind=" + failedByKind
                + ", failedOther=" + failedOther + ", needsReauthorization=" + needsReauthorization.size()
                + ", skipped=" + skipped + ", unreadable=" + unreadable
                + (shared == null ? "" : ", " + shared)
                + ", duration=" + duration + "]";
    }
}
