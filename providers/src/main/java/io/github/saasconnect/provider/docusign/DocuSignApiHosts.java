package io.github.saasconnect.provider.docusign;

import java.net.URI;
import java.util.Locale;

/**
 * Which {@code base_uri} from userinfo a connection's tokens may be sent to: an https URL on a DocuSign host
 * ({@code *.docusign.net}, {@code *.docusign.com}), or the origin of the Account Server the registration trusts
 * (its {@code oauth-base-url}, which is where tests point a sandbox). Every API call of the connection carries its
 * access token to that host, so a userinfo answer that names another one is refused rather than trusted.
 */
final class DocuSignApiHosts {

    private final URI accountServer;

    DocuSignApiHosts(URI accountServer) {
        this.accountServer = accountServer;
    }

    /** Whether tokens may be sent to {@code baseUri}. */
    boolean trusts(String baseUri) {
        URI uri;
        try {
            uri = URI.create(baseUri);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if ("https".equalsIgnoreCase(uri.getScheme())
                && (host.endsWith(".docusign.net") || host.endsWith(".docusign.com"))) {
            return true;
        }
        return sameOrigin(uri, accountServer);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
