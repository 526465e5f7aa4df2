package io.github.saasconnect.provider;

import java.net.URI;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** A next-page URL in a body field, absolute or relative to the current page (Graph, Bitbucket). */
final class BodyLinkPaging implements PagingStyle {

    private final String nextField;
    private final String itemsField;

    BodyLinkPaging(String nextField, String itemsField) {
        this.nextField = Objects.requireNonNull(nextField, "nextField");
        this.itemsField = itemsField;
    }

    @Override
    public URI next(URI current, HttpHeaders headers, JsonNode body) {
        String link = PagingStyle.text(body, nextField);
        return link == null ? null : current.resolve(link);
    }

    @Override
    public String defaultItemsField() {
        return itemsField;
    }

    @Override
    public String toString() {
        return "body-link(" + nextField + ")";
    }
}
