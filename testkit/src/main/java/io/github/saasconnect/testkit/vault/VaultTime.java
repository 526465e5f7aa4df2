package io.github.saasconnect.testkit.vault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Vault's timestamp text: RFC 3339 in UTC with nanoseconds, or {@code ""} for "not set". */
final class VaultTime {

    private static final DateTimeFormatter RFC_3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private VaultTime() {}

    static String format(Instant instant) {
        return (instant != null) ? RFC_3339_NANOS.format(instant) : "";
    }
}
