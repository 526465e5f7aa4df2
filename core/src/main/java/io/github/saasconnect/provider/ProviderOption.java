package io.github.saasconnect.provider;

import java.util.List;
import java.util.Objects;

/**
 * One setting a {@link ProviderType} reads from {@code saas-connect.providers.<id>.options}: what startup validates
 * and what the configuration metadata offers an IDE.
 *
 * @param name the key under {@code options} ({@code tenant}); a {@link Type#MAP} option takes keys below it
 *     ({@code token-parameters.audience})
 * @param type what the value is
 * @param defaultValue the value when unset, or {@code null} when unset means "none" or the option is required
 * @param allowedValues for {@link Type#CHOICE} the only values accepted (case ignored); for other types
 *     well-known values an IDE suggests ({@code common} for a Microsoft tenant), not a limit
 * @param description one or two sentences for the IDE and the docs
 */
public record ProviderOption(
        String name, Type type, String defaultValue, List<String> allowedValues, String description) {

    /** The kinds of option value. */
    public enum Type {
        /** Free text. */
        STRING("java.lang.String"),
        /** One of the allowed values. */
        CHOICE("java.lang.String"),
        /** {@code true} or {@code false}. */
        BOOLEAN("java.lang.Boolean"),
        /** An absolute {@code https} URL ({@code http} for loopback hosts). */
        URL("java.net.URI"),
        /** A duration: {@code 90d}, {@code 8h}, {@code 30m}, {@code 45s} or ISO-8601 ({@code PT8H}). */
        DURATION("java.time.Duration"),
        /** Free-form keys below the option's name, each with a text value. */
        MAP("java.util.Map<java.lang.String,java.lang.String>");

        private final String javaType;

        Type(String javaType) {
            this.javaType = javaType;
        }

        /** The Java type that Spring Boot's configuration metadata names for such a value. */
        public String javaType() {
            return javaType;
        }
    }

    public ProviderOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
        if (type == Type.CHOICE && allowedValues.isEmpty()) {
            throw new IllegalArgumentException("choice option '" + name + "' needs its allowed values");
        }
        if (type == Type.BOOLEAN) {
            allowedValues = List.of("true", "false");
        }
    }

    /** A free-text option. */
    public static ProviderOption string(String name, String defaultValue, List<String> suggested, String description) {
        return new ProviderOption(name, Type.STRING, defaultValue, suggested, description);
    }

    /** An option that must be one of {@code allowed}. */
    public static ProviderOption choice(String name, String defaultValue, List<String> allowed, String description) {
        return new ProviderOption(name, Type.CHOICE, defaultValue, allowed, description);
    }

    /** A {@code true}/{@code false} option. */
    public static ProviderOption bool(String name, boolean defaultValue, String description) {
        return new ProviderOption(name, Type.BOOLEAN, String.valueOf(defaultValue), List.of(), description);
    }

    /** A base-URL option without default. */
    public static ProviderOption url(String name, String description) {
        return new ProviderOption(name, Type.URL, null, List.of(), description);
    }

    /** A duration option without default. */
    public static ProviderOption duration(String name, String description) {
        return new ProviderOption(name, Type.DURATION, null, List.of(), description);
    }

    /** A map option: keys below {@code name}. */
    public static ProviderOption map(String name, String description) {
        return new ProviderOption(name, Type.MAP, null, List.of(), description);
    }

    /** Whether {@code key}, a key under {@code options}, sets this option. */
    public boolean matches(String key) {
        return key.equals(name) || type == Type.MAP && key.startsWith(name + ".") && key.length() > name.length() + 1;
    }
}
