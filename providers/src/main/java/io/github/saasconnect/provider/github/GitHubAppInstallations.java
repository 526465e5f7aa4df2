package io.github.saasconnect.provider.github;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.AppTokenEndpoint;
import io.github.saasconnect.provider.PagingStyle;
import io.github.saasconnect.provider.ProviderApiCall;
import io.github.saasconnect.provider.ProviderRegistration;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The installations of a GitHub App ({@code GET {api}/app/installations}, authenticated by the app JWT, followed
 * page by page through the {@code Link} header), so that a job can walk every account the app is installed on:
 * {@code jobs.forEachAppConnection(id, installations.connections(), 8, work)}.
 */
public final class GitHubAppInstallations {

    private static final int PAGE_SIZE = 100;

    private final ProviderRegistration registration;
    private final AppTokenEndpoint endpoint;
    private final GitHubAppJwt jwt;

    private GitHubAppInstallations(ProviderRegistration registration, AppTokenEndpoint endpoint, GitHubAppJwt jwt) {
        this.registration = registration;
        this.endpoint = endpoint;
        this.jwt = jwt;
    }

    /**
     * The installations of {@code registration}'s app, read through {@code endpoint} (the token client).
     *
     * @throws IllegalArgumentException when the registration is no GitHub App with {@code app.*} set
     */
    public static GitHubAppInstallations of(ProviderRegistration registration, AppTokenEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!(registration.descriptor().appTokenMinter() instanceof GitHubInstallationTokens tokens)) {
            throw new IllegalArgumentException("registration '" + registration.id() + "' is no GitHub App with "
                    + "app credentials; set saas-connect.providers." + registration.id() + ".app.private-key and "
                    + "app.issuer");
        }
        return new GitHubAppInstallations(registration, endpoint, tokens.jwt());
    }

    /**
     * One installation of the app.
     *
     * @param id the installation id, the subject of its app connection
     * @param account the login of the user or organisation it is installed on
     * @param accountType {@code User} or {@code Organization}
     * @param suspendedAt when it was suspended, or {@code null}
     */
    public record Installation(
            long id,
            String account,
            String accountType,
            @Nullable Instant suspendedAt) {

        /** The app connection acting as this installation. */
        public ConnectionId connection(String registration) {
            return ConnectionId.app(registration, Long.toString(id));
        }
    }

    /** Every installation, page by page. */
    public Flux<Installation> list() {
        URI first = UriComponentsBuilder.fromUri(registration.descriptor().apiBaseUri())
                .path("/app/installations")
                .queryParam("per_page", PAGE_SIZE)
                .build()
                .toUri();
        return page(first)
                .expand(page -> page.next() == null ? Mono.empty() : page(page.next()))
                .concatMapIterable(Page::installations);
    }

    /** The app connections of the installations that are not suspended. */
    public Flux<ConnectionId> connections() {
        return list().filter(i -> i.suspendedAt() == null).map(i -> i.connection(registration.id()));
    }

    private Mono<Page> page(URI uri) {
        String what = "GitHub GET /app/installations";
        return jwt.authenticated(
                        endpoint.clock(),
                        null,
                        bearer -> ProviderApiCall.sendJson(
                                endpoint.webClient(),
                                registration,
                                null,
                                HttpMethod.GET,
                                uri,
                                bearer,
                                null,
                                status -> status == 401 ? GitHubAppJwt.refusal(registration.id(), null) : null,
                                endpoint.timeout(),
                                what))
                .map(answer -> new Page(
                        installations(answer.body()), PagingStyle.LINK_HEADER.next(uri, answer.headers(), null)));
    }

    private static List<Installation> installations(Object body) {
        if (!(body instanceof List<?> items)) {
            return List.of();
        }
        return items.stream()
                .filter(Map.class::isInstance)
                .map(item -> (Map<?, ?>) item)
                .filter(item -> item.get("id") instanceof Number)
                .map(item -> {
                    Map<?, ?> account = item.get("account") instanceof Map<?, ?> a ? a : Map.of();
                    return new Installation(
                            ((Number) item.get("id")).longValue(),
                            String.valueOf(account.get("login")),
                            String.valueOf(account.get("type")),
                            item.get("suspended_at") instanceof String s ? Instant.parse(s) : null);
                })
                .toList();
    }

    private record Page(
            List<Installation> installations, @Nullable URI next) {}
}
