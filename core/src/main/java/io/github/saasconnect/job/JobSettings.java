package io.github.saasconnect.job;

/**
 * How jobs walk a registration's connections.
 *
 * @param listPageSize records read from the token store per page
 * @param maxRecordedFailures failures kept with their errors in a report (all are counted)
 */
public record JobSettings(int listPageSize, int maxRecordedFailures) {

    public JobSettings {
        if (listPageSize < 1) {
            throw new IllegalArgumentException("listPageSize must be at least 1 but was " + listPageSize);
        }
        if (maxRecordedFailures < 0) {
            throw new IllegalArgumentException(
                    "maxRecordedFailures must not be negative but was " + maxRecordedFailures);
        }
    }

    /** 100 records per store page, 1,000 failures kept. */
    public static JobSettings defaults() {
        return new JobSettings(100, 1000);
    }
}
