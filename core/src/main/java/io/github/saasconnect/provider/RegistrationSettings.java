package io.github.saasconnect.provider;

import io.github.saasconnect.connection.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the application configured for one registration, before a {@link ProviderType} turns it into a
 * {@link ProviderRegistration}. Endpoint fields override the provider type's defaults when set.
 *
 * @param id the registration id
 * @param type the provider type name
 * @param clientId the OAuth client id
 * @param clientSecret the OAuth client secret, or {@code null}
 * @param scopes the scopes to request
 * @param redirectUri the redirect URI registered at the provider, or {@code null}
 * @param authorizationUri overrides the authorization endpoint
 * @param tokenUri overrides the token endpoint
 * @param revocationUri overrides the revocation endpoint
 * @param apiBaseUri overrides the API base URL
 * @param clientAuthentication overrides the client authentication method
 * @param pkce overrides whether PKCE is used
 * @param authorizationParameters extra authorization request parameters, added to the type's own
 * @param refreshSkew refresh this long before expiry, or {@code null} for the type's default
 * @param options provider-specific settings (Microsoft {@code tenant}, DocuSign {@code environment} ...)
 * @param app what the registration acts as the app with ({@code app.*}), {@link AppCredentials#NONE} when unset
 */
public record RegistrationSettings(
        String id,
        String type,
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        URI redirectUri,
        URI authorizationUri,
        URI tokenUri,
        URI revocationUri,
        URI apiBaseUri,
        ClientAuthentication clientAuthentication,
        Boolean pkce,
        Map<String, String> authorizationParameters,
        Duration refreshSkew,
        Map<String, String> options,
        AppCredentials app) {

    public RegistrationSettings {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        authorizationParameters = authorizationParameters == null ? Map.of() : Map.copyOf(authorizationParameters);
        options = options == null ? Map.of() : Map.copyOf(options);
        app = app == null ? AppCredentials.NONE : app;
    }

    /** Settings without app credentials. */
    public RegistrationSettings(
            String id,
            String type,
            String clientId,
            Secret clientSecret,
            List<String> scopes,
            URI redirectUri,
            URI authorizationUri,
            URI tokenUri,
            URI revocationUri,
            URI apiBaseUri,
            ClientAuthentication clientAuthentication,
            Boolean pkce,
            Map<String, String> authorizationParameters,
            Duration refreshSkew,
            Map<String, String> options) {
        this(
                id,
                type,
                clientId,
                clientSecret,
                scopes,
                redirectUri,
                authorizationUri,
                tokenUri,
                revocationUri,
                apiBaseUri,
                clientAuthentication,
                pkce,
                authorizationParameters,
                refreshSkew,
                options,
                AppCredentials.NONE);
    }

    /** This registration's settings with {@code value} as its app credentials. */
    public RegistrationSettings withApp(AppCredentials value) {
        return new RegistrationSettings(
                id,
                type,
                clientId,
                clientSecret,
                scopes,
                redirectUri,
                authorizationUri,
                tokenUri,
                revocationUri,
                apiBaseUri,
                clientAuthentication,
                pkce,
                authorizationParameters,
                refreshSkew,
                options,
                value);
    }

    /** The configuration property path of a setting of this registration, for error messages. */
    public String property(String name) {
        return "saas-connect.providers." + id + "." + name;
    }

    /** The configuration property path of an option of this registration ({@code ...<id>.options.<name>}). */
    public String property(ProviderOption option) {
        return optionProperty(option.name());
    }

    private String optionProperty(String name) {
        return property("options." + name);
    }

    /** A provider-specific option, or {@code fallback}. */
    public String option(String name, String fallback) {
        String value = options.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Fails when an option is not among {@code known}, so that a typo is reported at startup instead of ignored.
     *
     * @throws IllegalArgumentException naming the unknown option's property and the known ones
     */
    public void requireKnownOptions(java.util.Collection<ProviderOption> known) {
        for (String name : options.keySet()) {
            if (known.stream().noneMatch(o -> o.matches(name))) {
                throw new IllegalArgumentException(optionProperty(name) + " is not an option of provider type '" + type
                        + "'"
                        + (known.isEmpty()
                                ? "; it takes no options"
                                : "; its options are "
                                        + new java.util.TreeSet<>(known.stream()
                                                .map(ProviderOption::name)
                                                .toList())));
            }
        }
    }

    /**
     * The value of {@code option}, or its default: for a {@link ProviderOption.Type#CHOICE} or
     * {@link ProviderOption.Type#BOOLEAN} the matching allowed value, for a URL one without trailing slash.
     *
     * @throws IllegalArgumentException naming the property when the value is not allowed
     */
    public String option(ProviderOption option) {
        return switch (option.type()) {
            case CHOICE, BOOLEAN -> optionChoice(option.name(), option.defaultValue(), option.allowedValues());
            case URL -> {
                URI url = optionUrl(option.name());
                yield url != null ? url.toString() : option.defaultValue();
            }
            default -> {
                String value = option(option.name(), option.defaultValue());
                yield value == null ? null : value.strip();
            }
        };
    }

    /**
     * A {@link ProviderOption.Type#DURATION} option: {@code 90d}, {@code 8h}, {@code 30m}, {@code 45s},
     * {@code 500ms} or ISO-8601; {@code null} when unset without default.
     *
     * @throws IllegalArgumentException naming the property when the value is not a positive duration
     */
    public Duration optionDuration(ProviderOption option) {
        String value = option(option.name(), option.defaultValue());
        if (value == null) {
            return null;
        }
        java.util.regex.Matcher simple = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)")
                .matcher(value.strip().toLowerCase(java.util.Locale.ROOT));
        Duration duration;
        try {
            duration = simple.matches()
                    ? Duration.of(
                            Long.parseLong(simple.group(1)),
                            switch (simple.group(2)) {
                                case "ms" -> java.time.temporal.ChronoUnit.MILLIS;
                                case "s" -> java.time.temporal.ChronoUnit.SECONDS;
                                case "m" -> java.time.temporal.ChronoUnit.MINUTES;
                                case "h" -> java.time.temporal.ChronoUnit.HOURS;
                                default -> java.time.temporal.ChronoUnit.DAYS;
                            })
                    : Duration.parse(value.strip());
        } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
            duration = null;
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(property(option) + " is '" + value + "' but must be a positive "
                    + "duration such as 90d, 8h, 30m or PT8H");
        }
        return duration;
    }

    /** A {@link ProviderOption.Type#MAP} option: the keys below its name, with their values, in order. */
    public Map<String, String> optionMap(ProviderOption option) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        String prefix = option.name() + ".";
        new java.util.TreeMap<>(options).forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                values.put(key.substring(prefix.length()), value);
            }
        });
        return values;
    }

    /**
     * An option that must be one of {@code allowed} (compared ignoring case), or {@code fallback} when unset.
     *
     * @return the matching element of {@code allowed}
     * @throws IllegalArgumentException naming the property and the allowed values
     */
    public String optionChoice(String name, String fallback, List<String> allowed) {
        String value = option(name, fallback);
        if (value == null) {
            return null;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value.strip())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(optionProperty(name) + " is '" + value + "' but must be one of " + allowed);
    }

    /**
     * An option holding a base URL, without a trailing slash, or {@code null} when unset. It must be absolute
     * {@code https}; plain {@code http} is accepted only for loopback hosts (tests, local proxies).
     *
     * @throws IllegalArgumentException naming the property when the value is not such a URL
     */
    public URI optionUrl(String name) {
        String value = option(name, null);
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        String scheme =
                uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean loopback = uri != null
                && uri.getHost() != null
                && (uri.getHost().equals("localhost")
                        || uri.getHost().equals("127.0.0.1")
                        || uri.getHost().equals("[::1]"));
        if (uri == null
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw new IllegalArgumentException(
                    optionProperty(name) + " is '" + value + "' but must be an absolute https "
                            + "URL without query or fragment, such as https://host.example.com (http only for localhost)");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    /** A required URI, or an error that names the property to set. */
    public URI require(URI value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(property(name) + " is required for provider type '" + type
                    + "'; set it to the provider's endpoint URL");
        }
        return value;
    }
}
