package io.github.saasconnect.importing;

import java.util.List;

/**
 * What an import did, one outcome per grant in the order given. {@link #toString()} counts; it names no owner.
 *
 * @param outcomes one per grant
 */
public record ImportReport(List<ImportOutcome> outcomes) {

    public ImportReport {
        outcomes = List.copyOf(outcomes);
    }

    /** How many grants ended with {@code result}. */
    public long count(ImportOutcome.Result result) {
        return outcomes.stream().filter(o -> o.result() == result).count();
    }

    /** The outcomes that ended with {@code result}. */
    public List<ImportOutcome> with(ImportOutcome.Result result) {
        return outcomes.stream().filter(o -> o.result() == result).toList();
    }

    @Override
    public String toString() {
        return outcomes.size() + " grant(s): " + count(ImportOutcome.Result.IMPORTED) + " imported, "
                + count(ImportOutcome.Result.IMPORTED_UNVERIFIED) + " imported unverified, "
                + count(ImportOutcome.Result.REJECTED) + " rejected, " + count(ImportOutcome.Result.SKIPPED)
                + " skipped";
    }
}
