package io.github.saasconnect.provider.docusign;

import io.github.saasconnect.provider.PagingStyle;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/**
 * DocuSign's {@code nextUri} (providers.md §5.10), empty on the last page. It is relative to the REST API root, so it
 * is resolved against the current page's {@code /restapi/v2.1} prefix. Callers name the items field
 * ({@code envelopes} ...).
 */
final class NextUriPaging implements PagingStyle {

    private static final Pattern VERSION = Pattern.compile("/v2(\\.1)?(?=/)");

    @Override
    public URI next(URI current, HttpHeaders headers, JsonNode body) {
        String next = PagingStyle.text(body, "nextUri");
        if (next == null) {
            return null;
        }
        URI uri = URI.create(next);
        if (uri.isAbsolute() || !next.startsWith("/")) {
            return current.resolve(uri);
        }
        String origin = current.getScheme() + "://" + current.getRawAuthority();
        if (next.startsWith("/restapi/")) {
            return URI.create(origin + next);
        }
        if (next.startsWith("/v2")) {
            return URI.create(origin + restApiRoot(current.getRawPath()) + next);
        }
        Matcher version = VERSION.matcher(current.getRawPath());
        return version.find()
                ? URI.create(origin + current.getRawPath().substring(0, version.end()) + next)
                : current.resolve(uri);
    }

    @Override
    public boolean requiresItemsField() {
        return true;
    }

    private static String restApiRoot(String path) {
        int at = path.indexOf("/restapi");
        return at < 0 ? "/restapi" : path.substring(0, at + "/restapi".length());
    }

    @Override
    public String toString() {
        return "next-uri";
    }
}
