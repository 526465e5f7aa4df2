package io.github.saasconnect.observation;

import java.util.Locale;

/** A {@link io.github.saasconnect.store.TokenStore} operation; the {@code operation} key of its observation. */
public enum StoreOperation {
    READ,
    WRITE,
    DELETE,
    LIST,
    /** {@link io.github.saasconnect.store.TokenStore#accounts}: the connections of one owner in a registration. */
    ACCOUNTS;

    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /** The value of the {@code operation} key, such as {@code write}. */
    public String tagValue() {
        return tagValue;
    }
}
