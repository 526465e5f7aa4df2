package io.github.saasconnect.testkit.sandbox;

import java.util.Set;

/**
 * The data behind each sandbox's paginated list endpoint.
 *
 * @param itemCount how many items the list holds
 * @param emptyPages 1-based page numbers that come back empty with a link to the next page (honoured by the
 *     page-token APIs: Google and Microsoft Graph)
 */
public record ListFixture(int itemCount, Set<Integer> emptyPages) {

    public ListFixture {
        if (itemCount < 0) {
            throw new IllegalArgumentException("itemCount must not be negative: " + itemCount);
        }
        emptyPages = Set.copyOf(emptyPages);
    }

    /** {@code itemCount} items, no empty pages. */
    public static ListFixture of(int itemCount) {
        return new ListFixture(itemCount, Set.of());
    }

    /** This fixture with the given pages empty. */
    public ListFixture withEmptyPages(Integer... pageNumbers) {
        return new ListFixture(itemCount, Set.of(pageNumbers));
    }
}
