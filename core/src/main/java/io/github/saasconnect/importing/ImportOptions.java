package io.github.saasconnect.importing;

/**
 * How {@link TokenImport} imports.
 *
 * @param verify whether each stored grant is refreshed once through the token manager, so a dead one is found now
 *     (rejected, not kept) rather than at its first use
 * @param concurrency how many grants are imported at once (each verification is one token request)
 */
public record ImportOptions(boolean verify, int concurrency) {

    public ImportOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1 but was " + concurrency);
        }
    }

    /** Verify each grant, four at a time. */
    public static ImportOptions defaults() {
        return new ImportOptions(true, 4);
    }

    /** These options without the verifying refresh: the grants are stored as given. */
    public ImportOptions withoutVerification() {
        return new ImportOptions(false, concurrency);
    }
}
