package io.github.saasconnect.client;

import io.github.saasconnect.connection.ConnectionId;
import java.net.URI;
import java.util.Locale;

/**
 * Turns the URL a caller wrote into the one a connection's token is sent to. A relative URL is appended to the
 * connection's API base URL (so {@code /user/repos} keeps GitHub Enterprise Server's {@code /api/v3}). An absolute
 * URL (a next link) must stay on the API's own host or a sibling under the same parent domain
 * ({@code uploads.github.com} beside {@code api.github.com}), with the same scheme and port: a token is never sent
 * to a host the provider does not own.
 */
final class ApiUrls {

    private ApiUrls() {}

    static URI resolve(String registration, ConnectionId connection, URI requested, URI apiBase) {
        if (requested.isAbsolute()) {
            if (apiBase != null && !sameAudience(requested, apiBase)) {
                throw new IllegalArgumentException("refusing to send the access token of connection " + connection
                        + " to " + requested.getScheme() + "://" + requested.getRawAuthority()
                        + ": it is not an API host"
                        + " of registration '" + registration + "' (" + apiBase.getScheme() + "://"
                        + apiBase.getRawAuthority() + "); use a relative URL, or a client of your own for other hosts");
            }
            return requested;
        }
        if (apiBase == null) {
            throw new IllegalStateException("registration '" + registration + "' has no API base URL, so '"
                    + requested.getRawPath() + "' cannot be resolved; set saas-connect.providers." + registration
                    + ".api-base-uri or call absolute URLs");
        }
        String base = apiBase.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = requested.getRawPath() == null ? "" : requested.getRawPath();
        StringBuilder url = new StringBuilder(base);
        if (!path.isEmpty() && !path.startsWith("/")) {
            url.append('/');
        }
        url.append(path);
        if (requested.getRawQuery() != null) {
            url.append('?').append(requested.getRawQuery());
        }
        if (requested.getRawFragment() != null) {
            url.append('#').append(requested.getRawFragment());
        }
        return URI.create(url.toString());
    }

    static boolean sameAudience(URI url, URI apiBase) {
        if (url.getHost() == null
                || apiBase.getHost() == null
                || !url.getScheme().equalsIgnoreCase(apiBase.getScheme())
                || port(url) != port(apiBase)) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        String baseHost = apiBase.getHost().toLowerCase(Locale.ROOT);
        if (host.equals(baseHost)) {
            return true;
        }
        String parent = parentDomain(baseHost);
        return parent != null && host.endsWith("." + parent);
    }

    /** {@code googleapis.com} for {@code www.googleapis.com}; {@code null} for IP literals and two-label names. */
    private static String parentDomain(String host) {
        if (host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return null;
        }
        int dot = host.indexOf('.');
        String parent = dot < 0 ? null : host.substring(dot + 1);
        return parent != null && parent.indexOf('.') > 0 ? parent : null;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : -1;
    }
}
