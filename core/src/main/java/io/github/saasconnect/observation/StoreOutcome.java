package io.github.saasconnect.observation;

import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.StaleVersionException;
import java.util.Locale;

/** How a store operation ended; the {@code outcome} key of its observation. */
public enum StoreOutcome {
    /** Done (a read of a connection that does not exist is a success too). */
    SUCCESS,
    /** A compare-and-set write lost to another writer ({@link StaleVersionException}): normal under contention. */
    CONFLICT,
    /** The store could not be reached or refused us ({@link StoreUnavailableException}). */
    UNAVAILABLE,
    /** Anything else, such as a record that cannot be read. */
    ERROR,
    /** The caller went away before the store answered. */
    CANCELLED;

    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /** The outcome of an operation that failed with {@code failure}. */
    public static StoreOutcome of(Throwable failure) {
        if (failure instanceof StaleVersionException) {
            return CONFLICT;
        }
        return failure instanceof StoreUnavailableException ? UNAVAILABLE : ERROR;
    }

    /** The value of the {@code outcome} tag, such as {@code conflict}. */
    public String tagValue() {
        return tagValue;
    }
}
