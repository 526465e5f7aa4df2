package io.github.saasconnect.testkit.vault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.Duration} text form, which Vault uses for {@code delete_version_after}. */
final class GoDuration {

    private static final Pattern SECONDS = Pattern.compile("\\d+");

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {}

    /**
     * Parses {@code "1h30m"}, {@code "500ms"}, {@code "0"} or a plain number of seconds ({@code "3600"}), as
     * Vault's {@code parseutil.ParseDurationSecond} does.
     * @throws IllegalArgumentException when the text is neither
     */
    static Duration parse(String text) {
        if (SECONDS.matcher(text).matches()) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        String rest = text;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.startsWith("-");
            rest = rest.substring(1);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("invalid duration " + text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher matcher = PART.matcher(rest);
        int position = 0;
        while (position < rest.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw new IllegalArgumentException("invalid duration " + text);
            }
            nanos = nanos.add(
                    new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitNanos(matcher.group(2)))));
            position = matcher.end();
        }
        long total = nanos.longValue();
        return Duration.ofNanos(negative ? -total : total);
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    /** Formats like Go's {@code Duration.String()}: {@code 0s}, {@code 1m30s}, {@code 1h0m0s}, {@code 1.5s}, {@code 250ms}. */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        String sign = duration.isNegative() ? "-" : "";
        Duration d = duration.abs();
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long n = d.toNanos();
            if (n < 1_000) {
                return sign + n + "ns";
            }
            if (n < 1_000_000) {
                return sign + fraction(n, 1_000) + "µs";
            }
            return sign + fraction(n, 1_000_000) + "ms";
        }
        long seconds = d.getSeconds();
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        StringBuilder text = new StringBuilder(sign);
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        text.append(fraction((seconds % 60) * 1_000_000_000L + d.getNano(), 1_000_000_000L))
                .append('s');
        return text.toString();
    }

    private static String fraction(long value, long unit) {
        return BigDecimal.valueOf(value)
                .divide(BigDecimal.valueOf(unit))
                .stripTrailingZeros()
                .toPlainString();
    }
}
