package io.github.saasconnect.store.vault;

import java.util.Map;
import java.util.UUID;
import org.springframework.vault.support.Versioned;

/**
 * The random id a write puts in the secret it writes ({@code _write_id}): after a lost answer, reading the key
 * tells whether the version there is the one this write made.
 */
record WriteId(String value) {

    /** The secret data field that holds it. */
    static final String FIELD = "_write_id";

    static WriteId random() {
        return new WriteId(UUID.randomUUID().toString());
    }

    /** Puts this id into {@code data}, the secret about to be written. */
    void addTo(Map<String, Object> data) {
        data.put(FIELD, value);
    }

    /** Whether {@code version} was made by the write that carried this id. */
    boolean made(Versioned<Map<String, Object>> version) {
        return version.hasData() && value.equals(version.getRequiredData().get(FIELD));
    }
}
