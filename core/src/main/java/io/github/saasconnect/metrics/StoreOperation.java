package io.github.saasconnect.metrics;

import java.util.Locale;

/** A {@link io.github.saasconnect.store.TokenStore} operation; the {@code operation} tag of the store timer. */
public enum StoreOperation {
    READ, WRITE, DELETE, LIST;

    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /** The value of the {@code operation} tag, such as {@code write}. */
    public String tagValue() {
        return tagValue;
    }
}
