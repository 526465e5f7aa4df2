package io.github.saasconnect.connection;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits of a connection's tags ({@link ConnectionRecord#tags()}): small key/value metadata an application
 * attaches to a connection (a team, a plan, a sync cursor's name) and filters job walks by. They are stored with the
 * connection in every store, so they are kept small.
 */
public final class ConnectionTags {

    /** The most tags one connection may carry. */
    public static final int MAX_TAGS = 16;

    /** The longest tag value. */
    public static final int MAX_VALUE_LENGTH = 256;

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    private ConnectionTags() {}

    /**
     * Checks {@code tags}: at most {@value #MAX_TAGS}, keys of 1 to 40 characters {@code [a-z0-9._-]} starting with
     * a letter or digit, values of at most {@value #MAX_VALUE_LENGTH} characters without control characters.
     *
     * @throws IllegalArgumentException naming the offending tag
     */
    public static Map<String, String> check(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException(
                    "a connection carries at most " + MAX_TAGS + " tags, not " + tags.size());
        }
        tags.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("tag key '" + key + "' must be 1 to 40 characters of a-z, 0-9, "
                        + "'.', '_', '-', starting with a letter or digit");
            }
            if (value == null
                    || value.length() > MAX_VALUE_LENGTH
                    || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("the value of tag '" + key + "' must be at most " + MAX_VALUE_LENGTH
                        + " characters without control characters");
            }
        });
        return tags;
    }
}
