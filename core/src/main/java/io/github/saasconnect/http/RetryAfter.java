package io.github.saasconnect.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;

/**
 * The {@code Retry-After} header (RFC 9110 §10.2.3), read the same way for token endpoints, provider APIs and Vault.
 *
 * <ul>
 *   <li>delta-seconds: a non-negative integer; {@code 0} means "now". A number too large for a {@code long} waits
 *       {@link #LONGEST}, so it stays beyond any configured bound instead of being dropped;</li>
 *   <li>an HTTP-date in any of the three forms a recipient must accept (IMF-fixdate, RFC 850, asctime), measured
 *       against the caller's clock; a date in the past means "now";</li>
 *   <li>a negative number, a fraction, an empty value or anything else is ignored, as if the header were absent;</li>
 *   <li>several values (the header repeated) wait the longest readable one: waiting less than one of them asked
 *       would only be refused again.</li>
 * </ul>
 */
public final class RetryAfter {

    /** The longest wait a header can ask for here (about 68 years): beyond every bound, without overflowing. */
    public static final Duration LONGEST = Duration.ofSeconds(Integer.MAX_VALUE);

    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder()
                    .appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss zzz")
                    .toFormatter(Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    private RetryAfter() {}

    /** The wait the {@code Retry-After} header(s) of {@code headers} ask for, or {@code null} when none is readable. */
    public static Duration of(HttpHeaders headers, Instant now) {
        List<String> values = headers == null ? null : headers.get(HttpHeaders.RETRY_AFTER);
        if (values == null) {
            return null;
        }
        Duration longest = null;
        for (String value : values) {
            Duration wait = parse(value, now);
            if (wait != null && (longest == null || wait.compareTo(longest) > 0)) {
                longest = wait;
            }
        }
        return longest;
    }

    /** The wait one {@code Retry-After} value asks for, or {@code null} when it is absent or unreadable. */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return seconds(v);
        }
        for (DateTimeFormatter format : DATES) {
            try {
                Instant at = format.parse(v, Instant::from);
                return at.isAfter(now) ? min(Duration.between(now, at), LONGEST) : Duration.ZERO;
            } catch (DateTimeParseException notThisForm) {
                // try the next form
            }
        }
        return null;
    }

    private static Duration seconds(String digits) {
        if (digits.length() > 10) {
            return LONGEST;
        }
        return min(Duration.ofSeconds(Long.parseLong(digits)), LONGEST);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
