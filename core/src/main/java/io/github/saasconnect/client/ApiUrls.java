package io.github.saasconnect.client;

import io.github.saasconnect.connection.ConnectionId;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the URL a caller wrote into the one a connection's token is sent to. A relative URL is appended to the
 * connection's API base URL (so {@code /user/repos} keeps GitHub Enterprise Server's {@code /api/v3}). An absolute
 * URL (a next link) must name the API's own host exactly, or one of the registration's
 * {@link io.github.saasconnect.provider.ProviderDescriptor#apiHosts() API hosts} ({@code uploads.github.com} for
 * GitHub, {@code saas-connect.providers.<id>.api-hosts}), with the same scheme and port: a sibling under the same
 * parent domain ({@code evil.herokuapp.com} beside {@code acme-api.herokuapp.com}) is another party.
 */
final class ApiUrls {

    private ApiUrls() {}

    static URI resolve(String registration, ConnectionId connection, URI requested, URI apiBase, Set<String> apiHosts) {
        if (requested.isAbsolute()) {
            if (apiBase != null && !sameAudience(requested, apiBase, apiHosts)) {
                throw new IllegalArgumentException("refusing to send the access token of connection " + connection
                        + " to " + requested.getScheme() + "://" + requested.getRawAuthority()
                        + ": it is not an API host"
                        + " of registration '" + registration + "' (" + apiBase.getScheme() + "://"
                        + apiBase.getRawAuthority() + "); use a relative URL, list the host in saas-connect.providers."
                        + registration + ".api-hosts if the provider serves its API there too, or use a client of"
                        + " your own for other hosts");
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

    /**
     * Same scheme and port, and the API's own host exactly or one of {@code apiHosts} (lower case; an entry
     * {@code *.googleapis.com} names every host under that domain, for a provider that owns it).
     */
    static boolean sameAudience(URI url, URI apiBase, Set<String> apiHosts) {
        if (url.getHost() == null
                || apiBase.getHost() == null
                || !url.getScheme().equalsIgnoreCase(apiBase.getScheme())
                || port(url) != port(apiBase)) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.equals(apiBase.getHost().toLowerCase(Locale.ROOT)) || apiHosts.contains(host)) {
            return true;
        }
        return apiHosts.stream()
                .filter(allowed -> allowed.startsWith("*."))
                .anyMatch(domain -> host.endsWith(domain.substring(1)));
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : -1;
    }
}
