package io.github.saasconnect.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides where the browser may be sent after a connect, so the flow is no open redirect. Accepted:
 * <ul>
 *   <li>a path on this application: starts with a single {@code /} (not {@code //}), no backslash, no scheme,
 *       no control characters or spaces;</li>
 *   <li>an absolute {@code http} or {@code https} URL without user info whose origin (scheme, host, port) is one
 *       of the allowed origins.</li>
 * </ul>
 * Everything else is refused.
 */
public final class ReturnToPolicy {

    /** The longest return address accepted. */
    public static final int MAX_LENGTH = 2048;

    private final Set<String> allowedOrigins;
    private final String fallback;

    /**
     * @param allowedOrigins origins such as {@code https://app.example.com} that absolute addresses may point to
     * @param fallback where to go when no return address is given; must itself be acceptable
     * @throws IllegalArgumentException when an origin is not {@code scheme://host[:port]} or the fallback is refused
     */
    public ReturnToPolicy(Collection<String> allowedOrigins, String fallback) {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : allowedOrigins) {
            origins.add(normalisedOrigin(origin));
        }
        this.allowedOrigins = Set.copyOf(origins);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        if (check(fallback) == null) {
            throw new IllegalArgumentException("default return address '" + fallback + "' is not acceptable: use a "
                    + "path starting with a single '/' or a URL on an allowed origin");
        }
    }

    /** Relative paths only. */
    public static ReturnToPolicy relativeOnly() {
        return new ReturnToPolicy(Set.of(), "/");
    }

    /** The allowed origins, normalised. */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * The address to return to: {@code returnTo} when it is acceptable, the fallback when it is absent.
     *
     * @throws ConnectFlowException ({@link ConnectFailure#INVALID_RETURN_TO}) when it is refused
     */
    public String resolve(String returnTo, String registration) {
        if (returnTo == null || returnTo.isEmpty()) {
            return fallback;
        }
        String accepted = check(returnTo);
        if (accepted == null) {
            throw new ConnectFlowException(
                    ConnectFailure.INVALID_RETURN_TO,
                    registration,
                    null,
                    null,
                    "the return address is refused: give a path starting with a single '/' or a URL on an origin "
                            + "listed in saas-connect.web.allowed-return-origins",
                    null);
        }
        return accepted;
    }

    /** {@code returnTo} when it is acceptable, else {@code null}. */
    private String check(String returnTo) {
        if (returnTo.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < returnTo.length(); i++) {
            char c = returnTo.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return null;
            }
        }
        if (returnTo.startsWith("/")) {
            if (returnTo.startsWith("//")) {
                return null;
            }
            try {
                URI uri = new URI(returnTo);
                return uri.getScheme() == null && uri.getRawAuthority() == null ? returnTo : null;
            } catch (URISyntaxException e) {
                return null;
            }
        }
        try {
            URI uri = new URI(returnTo);
            if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawUserInfo() != null || uri.getHost() == null) {
                return null;
            }
            return allowedOrigins.contains(origin(uri)) ? returnTo : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String normalisedOrigin(String origin) {
        try {
            URI uri = new URI(Objects.requireNonNull(origin, "origin").strip());
            boolean bare = (uri.getRawPath() == null
                            || uri.getRawPath().isEmpty()
                            || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
            if (uri.getHost() == null || !bare) {
                throw new URISyntaxException(origin, "not an origin");
            }
            return origin(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("allowed return origin '" + origin + "' is not an origin; write it as "
                    + "scheme://host or scheme://host:port, for example https://app.example.com");
        }
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https");
        }
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equals("https") ? 443 : 80;
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
