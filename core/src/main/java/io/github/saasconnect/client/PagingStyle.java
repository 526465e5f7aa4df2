package io.github.saasconnect.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * How a provider's list endpoints say where the next page is (providers.md §1.10, §2.10, §3.10, §4.10, §5.10).
 * Provider data, chosen by {@link #forType(String)} from the descriptor's type name until descriptors carry it.
 */
public enum PagingStyle {

    /** RFC 8288 {@code Link: <url>; rel="next"} (GitHub); items are the body's top-level array by default. */
    LINK_HEADER(null) {
        @Override
        URI next(URI current, HttpHeaders headers, JsonNode body) {
            for (String value : headers.getOrEmpty(HttpHeaders.LINK)) {
                Matcher link = LINK.matcher(value);
                while (link.find()) {
                    Matcher rel = REL.matcher(link.group(2));
                    if (rel.find() && (" " + rel.group(1).trim() + " ").contains(" next ")) {
                        return current.resolve(link.group(1).trim());
                    }
                }
            }
            return null;
        }
    },

    /** Microsoft Graph {@code @odata.nextLink}, followed as-is; items under {@code value}. Pages may be empty. */
    ODATA_NEXT_LINK("value") {
        @Override
        URI next(URI current, HttpHeaders headers, JsonNode body) {
            String link = text(body, "@odata.nextLink");
            return link == null ? null : URI.create(link);
        }
    },

    /**
     * Google {@code nextPageToken}, sent back as {@code pageToken} with the rest of the first request's query. Paging
     * ends when the token is absent, not when a page is empty. Name the items field ({@code files}, {@code messages}).
     */
    PAGE_TOKEN(null) {
        @Override
        URI next(URI current, HttpHeaders headers, JsonNode body) {
            String token = text(body, "nextPageToken");
            if (token == null) {
                return null;
            }
            return UriComponentsBuilder.fromUri(current)
                    .replaceQueryParam("pageToken", UriUtils.encodeQueryParam(token, StandardCharsets.UTF_8))
                    .build(true)
                    .toUri();
        }
    },

    /** Bitbucket Cloud's {@code next} URL in the body; items under {@code values}. */
    NEXT_URL("values") {
        @Override
        URI next(URI current, HttpHeaders headers, JsonNode body) {
            String link = text(body, "next");
            return link == null ? null : current.resolve(link);
        }
    },

    /**
     * DocuSign's {@code nextUri}, empty on the last page. It is relative to the REST API root, so it is resolved
     * against the current page's {@code /restapi/v2.1} prefix. Name the items field ({@code envelopes} ...).
     */
    NEXT_URI(null) {
        @Override
        URI next(URI current, HttpHeaders headers, JsonNode body) {
            String next = text(body, "nextUri");
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
            return version.find() ? URI.create(origin + current.getRawPath().substring(0, version.end()) + next)
                    : current.resolve(uri);
        }
    };

    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";,]*)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSION = Pattern.compile("/v2(\\.1)?(?=/)");

    private final String defaultItemsField;

    PagingStyle(String defaultItemsField) {
        this.defaultItemsField = defaultItemsField;
    }

    /** The style for a descriptor type name ({@code github}, {@code microsoft} ...); {@link #LINK_HEADER} otherwise. */
    public static PagingStyle forType(String providerType) {
        if (providerType == null) {
            return LINK_HEADER;
        }
        return switch (providerType) {
            case "microsoft" -> ODATA_NEXT_LINK;
            case "google" -> PAGE_TOKEN;
            case "bitbucket" -> NEXT_URL;
            case "docusign" -> NEXT_URI;
            default -> LINK_HEADER;
        };
    }

    /** Where the items are when the caller does not say: a field name, or {@code null} for a top-level array. */
    public String defaultItemsField() {
        return defaultItemsField;
    }

    /** Whether a caller must name the items field (its name differs per endpoint). */
    public boolean requiresItemsField() {
        return this == PAGE_TOKEN || this == NEXT_URI;
    }

    /** The next page's absolute URL, or {@code null} on the last page. */
    abstract URI next(URI current, HttpHeaders headers, JsonNode body);

    private static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        String value = node == null || node.isNull() ? null : node.asString();
        return value == null || value.isBlank() ? null : value;
    }

    private static String restApiRoot(String path) {
        int at = path.indexOf("/restapi");
        return at < 0 ? "/restapi" : path.substring(0, at + "/restapi".length());
    }
}
