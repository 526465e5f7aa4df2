package io.github.saasconnect.client;

import io.github.saasconnect.provider.PagingStyle;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Streams the items of a paged list endpoint, following the registration's {@link PagingStyle}. Pages are fetched one
 * at a time as the subscriber asks for items (backpressure), never more than one page ahead of its demand, so a
 * consumer that stops early leaves the rest of the list unfetched. A page limit guards against endless paging.
 *
 * <pre>{@code
 * paginator.items(api, "/user/repos?per_page=100", Repo.class)                      // GitHub
 * paginator.items(api, "/drive/v3/files?pageSize=100", "files", DriveFile.class)     // Google
 * }</pre>
 *
 * The {@code api} client must be bound to a connection ({@link ProviderClients#webClient(
 * io.github.saasconnect.connection.ConnectionId)}, or the one a job hands out).
 */
public final class Paginator {

    private final String registration;
    private final PagingStyle style;
    private final int maxPages;
    private final ObjectMapper json;

    public Paginator(String registration, PagingStyle style, int maxPages, ObjectMapper json) {
        this.registration = Objects.requireNonNull(registration, "registration");
        this.style = Objects.requireNonNull(style, "style");
        this.json = Objects.requireNonNull(json, "json");
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1 but was " + maxPages);
        }
        this.maxPages = maxPages;
    }

    /** The paging style followed. */
    public PagingStyle style() {
        return style;
    }

    /** Items found where the style puts them by default ({@code value}, {@code values}, a top-level array). */
    public <T> Flux<T> items(WebClient api, String uri, Class<T> type) {
        return items(api, uri, null, type, headers -> {});
    }

    /** Items of the array field {@code itemsField} of each page ({@code null}: the style's default). */
    public <T> Flux<T> items(WebClient api, String uri, String itemsField, Class<T> type) {
        return items(api, uri, itemsField, type, headers -> {});
    }

    /**
     * Like {@link #items(WebClient, String, String, Class)}, sending {@code headers} with every page request
     * (Graph does not carry {@code ConsistencyLevel} over to next links).
     */
    public <T> Flux<T> items(
            WebClient api, String uri, String itemsField, Class<T> type, Consumer<HttpHeaders> headers) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(type, "type");
        String field = itemsField != null ? itemsField : style.defaultItemsField();
        if (field == null && style.requiresItemsField()) {
            throw new IllegalArgumentException(
                    "lists of registration '" + registration + "' (" + style
                            + ") keep their items in a field named per endpoint; pass it, e.g. items(api, uri, \"files\", type)");
        }
        return fetch(api, uri, 1, field, headers)
                .expand(page -> following(api, page, field, headers))
                .concatMapIterable(Page::items, 1)
                .map(item -> convert(item, type));
    }

    private Mono<Page> following(WebClient api, Page page, String field, Consumer<HttpHeaders> headers) {
        if (page.next() == null) {
            return Mono.empty();
        }
        if (page.next().equals(page.url())) {
            return Mono.error(new PageLimitExceededException(
                    registration,
                    "page " + page.number() + " of "
                            + page.url().getRawPath()
                            + " (registration '" + registration + "') links to itself as the next page; stopped"));
        }
        if (page.number() >= maxPages) {
            return Mono.error(new PageLimitExceededException(
                    registration,
                    "stopped after " + maxPages + " pages of "
                            + page.url().getRawPath() + " (registration '" + registration
                            + "'); the provider still links a"
                            + " next page. Raise saas-connect.clients.max-pages if the list really is that long"));
        }
        return fetch(api, page.next(), page.number() + 1, field, headers);
    }

    private Mono<Page> fetch(WebClient api, Object uri, int number, String field, Consumer<HttpHeaders> headers) {
        WebClient.RequestHeadersSpec<?> spec = uri instanceof URI absolute
                ? api.get().uri(absolute)
                : api.get().uri((String) uri);
        return spec.accept(MediaType.APPLICATION_JSON).headers(headers).exchangeToMono(response -> {
            if (response.statusCode().isError()) {
                return response.createError();
            }
            URI url = response.request().getURI();
            HttpHeaders responseHeaders = response.headers().asHttpHeaders();
            return response.bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(body -> page(number, url, responseHeaders, body, field));
        });
    }

    private Page page(int number, URI url, HttpHeaders headers, String body, String field) {
        JsonNode root;
        try {
            root = body.isBlank() ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "page " + number + " of " + url.getRawPath() + " (registration '" + registration + "') is not JSON",
                    e);
        }
        JsonNode array = root == null ? null : field == null ? root : root.get(field);
        List<JsonNode> items = new ArrayList<>();
        if (array != null && !array.isNull() && !array.isMissingNode()) {
            if (!array.isArray()) {
                throw new IllegalStateException("page " + number + " of " + url.getRawPath() + " (registration '"
                        + registration + "') has no array "
                        + (field == null ? "at its top level" : "in '" + field + "'"));
            }
            array.values().forEach(items::add);
        }
        return new Page(number, url, items, style.next(url, headers, root));
    }

    @SuppressWarnings("unchecked")
    private <T> T convert(JsonNode item, Class<T> type) {
        return type.isInstance(item) ? (T) item : json.treeToValue(item, type);
    }

    private record Page(int number, URI url, List<JsonNode> items, URI next) {}
}
