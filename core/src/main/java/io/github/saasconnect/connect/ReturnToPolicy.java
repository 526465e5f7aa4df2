package io.github.saasconnect.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides where the browser may be sent after a connect, so the flow is no open redirect. Accepted:
 * <ul>
 *   <li>a path on this application: starts with a single {@code /} (not {@code //}), no backslash, no scheme,
 *       no control characters or spaces, and still so after its dot segments ({@code .}, {@code ..} and their
 *       percent-encoded forms such as {@code %2e}) are removed the way a browser removes them: {@code /.//evil}
 *       becomes {@code //evil} in the browser and is refused. An accepted path is returned in that normalised
 *       form;</li>
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
     * Whether a request whose {@code Origin} header is {@code origin} comes from a trusted page: the application
     * itself ({@code self}, the request's own URL) or one of the allowed origins. {@code null}, {@code "null"}
     * and anything that is not an http(s) origin are not trusted.
     */
    public boolean trustsOrigin(@Nullable String origin, URI self) {
        if (origin == null || origin.isEmpty() || origin.equals("null")) {
            return false;
        }
        try {
            String normalised = origin(new URI(origin.strip()));
            return allowedOrigins.contains(normalised) || normalised.equals(origin(self));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
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
                if (uri.getScheme() != null || uri.getRawAuthority() != null) {
                    return null;
                }
            } catch (URISyntaxException e) {
                return null;
            }
            int end = pathEnd(returnTo);
            String path = withoutDotSegments(returnTo.substring(0, end));
            return path.startsWith("//") ? null : path + returnTo.substring(end);
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

    private static int pathEnd(String local) {
        for (int i = 0; i < local.length(); i++) {
            if (local.charAt(i) == '?' || local.charAt(i) == '#') {
                return i;
            }
        }
        return local.length();
    }

    /**
     * {@code path} (starting with {@code /}) after RFC 3986's remove_dot_segments, where, as in browsers (WHATWG URL),
     * {@code %2e} counts as a dot: what the browser will request, so the "single /" rule is checked on that.
     */
    static String withoutDotSegments(String path) {
        String[] segments = path.substring(1).split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            String segment = segments[i].toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && !out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (last) {
                    out.add("");
                }
            } else {
                out.add(segments[i]);
            }
        }
        return "/" + String.join("/", out);
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
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an origin");
        }
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
