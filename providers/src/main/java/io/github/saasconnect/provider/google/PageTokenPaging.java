package io.github.saasconnect.provider.google;

import io.github.saasconnect.provider.PagingStyle;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * Google's {@code nextPageToken} (providers.md §1.10), sent back as {@code pageToken} with the rest of the first
 * request's query. Paging ends when the token is absent, not when a page is empty. Callers name the items field
 * ({@code files}, {@code messages}).
 */
final class PageTokenPaging implements PagingStyle {

    @Override
    public URI next(URI current, HttpHeaders headers, JsonNode body) {
        String token = PagingStyle.text(body, "nextPageToken");
        if (token == null) {
            return null;
        }
        return UriComponentsBuilder.fromUri(current)
                .replaceQueryParam("pageToken", UriUtils.encodeQueryParam(token, StandardCharsets.UTF_8))
                .build(true)
                .toUri();
    }

    @Override
    public boolean requiresItemsField() {
        return true;
    }

    @Override
    public String toString() {
        return "page-token";
    }
}
