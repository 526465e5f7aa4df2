package io.github.saasconnect.provider.github;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.AppAccessRevokedException;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.AppTokenEndpoint;
import io.github.saasconnect.provider.AppTokenMinter;
import io.github.saasconnect.provider.ProviderApiCall;
import io.github.saasconnect.provider.ProviderRegistration;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * GitHub App installation tokens (providers.md §3.9): the app connection's subject is the installation id
 * ({@code ConnectionId.app("gh-app", "12345")}); the app JWT buys a one-hour token at
 * {@code POST {api}/app/installations/{id}/access_tokens}, narrowed to the configured {@code repositories} and
 * {@code permissions.*} when set, expiring at {@code expires_at}. A removed installation (404) is an
 * {@link AppAccessRevokedException}; a JWT GitHub refuses (401: wrong key, wrong issuer, clock skew) or a narrowing
 * it refuses (403, 422) is the registration's misconfiguration. Neither is retried, except that a reused app JWT GitHub
 * refuses is signed anew once ({@link GitHubAppJwt#authenticated}).
 */
final class GitHubInstallationTokens implements AppTokenMinter {

    /** {@code app.parameters.repositories}: comma-separated repository names the token is limited to. */
    static final String REPOSITORIES = "repositories";
    /** {@code app.parameters.permissions.<name>}: {@code read} or {@code write} per permission. */
    static final String PERMISSIONS = "permissions.";

    private static final String WHAT = "GitHub POST /app/installations/{id}/access_tokens";

    private static final Pattern INSTALLATION_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Set<String> PARAMETERS = Set.of(REPOSITORIES);

    private final GitHubAppJwt jwt;
    private final Map<String, Object> narrowing;

    GitHubInstallationTokens(GitHubAppJwt jwt, Map<String, Object> narrowing) {
        this.jwt = jwt;
        this.narrowing = Map.copyOf(narrowing);
    }

    /**
     * The request body narrowing every token, from {@code app.parameters}.
     *
     * @throws IllegalArgumentException naming an unknown parameter
     */
    static Map<String, Object> narrowing(Map<String, String> parameters, String property) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> permissions = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            if (key.startsWith(PERMISSIONS) && key.length() > PERMISSIONS.length()) {
                permissions.put(key.substring(PERMISSIONS.length()), value.strip());
            } else if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException(property + "." + key + " is not a GitHub App token parameter; use "
                        + "repositories (comma-separated names) or permissions.<name> (read or write)");
            }
        });
        String repositories = parameters.get(REPOSITORIES);
        if (repositories != null && !repositories.isBlank()) {
            body.put(
                    "repositories",
                    Arrays.stream(repositories.split(","))
                            .map(String::strip)
                            .filter(r -> !r.isEmpty())
                            .toList());
        }
        if (!permissions.isEmpty()) {
            body.put("permissions", permissions);
        }
        return body;
    }

    GitHubAppJwt jwt() {
        return jwt;
    }

    @Override
    public Mono<TokenSet> mint(ProviderRegistration registration, ConnectionId connection, AppTokenEndpoint endpoint) {
        String installation = connection.appSubject();
        if (!INSTALLATION_ID.matcher(installation).matches()) {
            return Mono.error(new AppCredentialException(
                    registration.id(),
                    connection,
                    "app connection " + connection + " names '" + installation + "' as its installation; an app "
                            + "connection of a GitHub App is ConnectionId.app(\"" + registration.id()
                            + "\", <installation id>), the number GET /app/installations lists"));
        }
        URI uri = UriComponentsBuilder.fromUri(registration.descriptor().apiBaseUri())
                .path("/app/installations/{id}/access_tokens")
                .buildAndExpand(installation)
                .encode()
                .toUri();
        return jwt.authenticated(
                endpoint.clock(),
                connection,
                bearer -> ProviderApiCall.sendJson(
                                endpoint.webClient(),
                                registration,
                                connection,
                                HttpMethod.POST,
                                uri,
                                bearer,
                                narrowing.isEmpty() ? null : narrowing,
                                status -> refusal(registration, connection, status),
                                endpoint.timeout(),
                                WHAT)
                        .map(answer -> tokens(registration, connection, answer.body(), WHAT)));
    }

    private static SaasConnectException refusal(
            ProviderRegistration registration, ConnectionId connection, int status) {
        return switch (status) {
            case 404 ->
                new AppAccessRevokedException(
                        registration.id(),
                        connection,
                        "installation_not_found",
                        "GitHub knows no such installation of the app: it was uninstalled or never existed");
            case 401 -> GitHubAppJwt.refusal(registration.id(), connection);
            case 403, 422 ->
                new ClientMisconfiguredException(
                        registration.id(),
                        connection,
                        "http_" + status,
                        "GitHub refused the installation token request: app.parameters asks for repositories or "
                                + "permissions the installation does not grant, or the installation is suspended");
            default -> null;
        };
    }

    private static TokenSet tokens(
            ProviderRegistration registration, ConnectionId connection, Object body, String what) {
        if (!(body instanceof Map<?, ?> map) || !(map.get("token") instanceof String token) || token.isBlank()) {
            throw new TransientFailureException(
                    registration.id(), connection, 201, what + " answered without a token", null);
        }
        Instant expiresAt;
        try {
            expiresAt = map.get("expires_at") instanceof String text ? Instant.parse(text) : null;
        } catch (DateTimeParseException e) {
            expiresAt = null;
        }
        if (expiresAt == null) {
            throw new TransientFailureException(
                    registration.id(), connection, 201, what + " answered without a readable expires_at", null);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        if (map.get("repository_selection") instanceof String selection) {
            extra.put("repository_selection", selection);
        }
        return new TokenSet(Secret.of(token), expiresAt, "Bearer", null, null, permissions(map), null, extra);
    }

    /** The granted permissions as {@code name:level} scopes. */
    private static Set<String> permissions(Map<?, ?> map) {
        if (!(map.get("permissions") instanceof Map<?, ?> permissions)) {
            return Set.of();
        }
        List<String> granted = permissions.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .toList();
        return Set.copyOf(granted);
    }

    @Override
    public String toString() {
        return "GitHubInstallationTokens[" + jwt + ", narrowing=" + narrowing.keySet() + "]";
    }
}
