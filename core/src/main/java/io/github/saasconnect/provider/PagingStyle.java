package io.github.saasconnect.provider;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** How a provider's list endpoints say where the next page is, for the {@code Paginator}. */
@FunctionalInterface
public interface PagingStyle {

    /** One page only: the provider's lists do not page, or say nothing the paginator could follow. */
    PagingStyle NONE = new PagingStyle() {
        @Override
        public URI next(URI current, HttpHeaders headers, JsonNode body) {
            return null;
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    /** RFC 8288 {@code Link: <url>; rel="next"}; items are the body's top-level array by default. */
    PagingStyle LINK_HEADER = new LinkHeaderPaging();

    /**
     * A next-page URL in a body field ({@code @odata.nextLink}, {@code next}), resolved against the current page.
     *
     * @param itemsField where the items are by default, or {@code null} for a top-level array
     */
    static PagingStyle bodyLink(String nextField, String itemsField) {
        return new BodyLinkPaging(nextField, itemsField);
    }

    /**
     * The next page's absolute URL, or {@code null} on the last page.
     *
     * @param current the page just read
     * @param body the page's JSON, or {@code null} when it had no body
     */
    URI next(URI current, HttpHeaders headers, JsonNode body);

    /** Where the items are when the caller does not say: a field name, or {@code null} for a top-level array. */
    default String defaultItemsField() {
        return null;
    }

    /** Whether a caller must name the items field (its name differs per endpoint). */
    default boolean requiresItemsField() {
        return false;
    }

    /** The text of a field of {@code body}, or {@code null} when absent, null or blank. */
    static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        String value = node == null || node.isNull() ? null : node.asString();
        return value == null || value.isBlank() ? null : value;
    }
}
