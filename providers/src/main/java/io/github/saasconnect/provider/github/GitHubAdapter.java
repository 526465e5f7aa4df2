package io.github.saasconnect.provider.github;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.AccountDiscovery;
import io.github.saasconnect.provider.AccountIdentity;
import io.github.saasconnect.provider.ProviderApiCall;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.Revocation;
import io.github.saasconnect.provider.RevocationClient;
import io.github.saasconnect.provider.StandardErrorClassifier;
import io.github.saasconnect.provider.TokenErrorClassifier;
import io.github.saasconnect.provider.TokenErrorResponse;
import io.github.saasconnect.provider.TokenRevoker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * GitHub's quirks: its own token-endpoint error codes (sent with HTTP 200 as often as not), the numeric user id from
 * {@code GET /user} as the stable account id, and revocation of the whole grant through the REST API.
 */
final class GitHubAdapter implements TokenErrorClassifier, AccountDiscovery, TokenRevoker {

    /** Connection attribute: the numeric GitHub user id (stable; the login can be renamed). */
    static final String USER_ID = "user_id";
    /** Connection attribute: the login at connect time, for display only. */
    static final String LOGIN = "login";
    /** Who the account is: the numeric id is stable, the login is for display. */
    static final AccountIdentity IDENTITY = new AccountIdentity(USER_ID, LOGIN, null, null);

    private static final Logger log = LoggerFactory.getLogger(GitHubAdapter.class);

    @Override
    public SaasConnectException classify(
            ProviderRegistration registration, ConnectionId connection, TokenErrorResponse error) {
        String id = registration.id();
        return switch (error.error()) {
            case "bad_refresh_token" ->
                new ReauthorizationRequiredException(
                        id, connection, ReauthorizationCause.GRANT_INVALID, error.error(), error.description());
            // The code was wrong, expired (10 min) or already used: only a new authorization helps, and the
            // client is fine, so this is not a configuration failure.
            case "bad_verification_code" ->
                new ReauthorizationRequiredException(
                        id, connection, ReauthorizationCause.GRANT_INVALID, error.error(), error.description());
            case "incorrect_client_credentials", "redirect_uri_mismatch" ->
                new ClientMisconfiguredException(id, connection, error.error(), error.description());
            case "unverified_user_email" ->
                new ReauthorizationRequiredException(
                        id,
                        connection,
                        ReauthorizationCause.INTERACTION_REQUIRED,
                        error.error(),
                        "the user must verify the primary "
                                + "email address of their GitHub account, then connect again");
            case "access_denied" ->
                new ReauthorizationRequiredException(
                        id, connection, ReauthorizationCause.CONSENT_REQUIRED, error.error(), error.description());
            default -> StandardErrorClassifier.classify(id, connection, error);
        };
    }

    /**
     * {@code GET {api}/user}: GitHub may sign in another account than last time, so it is asked after every exchange.
     * An OAuth App's token also says which scopes the user granted (users can edit them on the consent screen): the
     * requested scopes it lacks become {@link AccountDiscovery#MISSING_SCOPES}, after GitHub's own normalisation.
     */
    @Override
    public Mono<Map<String, String>> discover(ProviderRegistration registration, TokenSet tokens, WebClient http) {
        URI user = URI.create(registration.descriptor().apiBaseUri() + "/user");
        return ProviderApiCall.getJson(http, registration, user, tokens.accessToken(), "GitHub GET /user")
                .map(body -> {
                    Object id = body.get("id");
                    if (!(id instanceof Number)) {
                        throw new TransientFailureException(
                                registration.id(), null, 200, "GitHub GET /user answered without a numeric 'id'", null);
                    }
                    Map<String, String> attributes = new LinkedHashMap<>();
                    attributes.put(USER_ID, String.valueOf(((Number) id).longValue()));
                    if (body.get("login") instanceof String login) {
                        attributes.put(LOGIN, login);
                    }
                    missingScopes(registration, tokens).ifPresent(missing -> attributes.put(MISSING_SCOPES, missing));
                    return attributes;
                });
    }

    /**
     * The requested scopes the token lacks, space-separated, or empty when it has them all. Only a token that names
     * its scopes is compared: a GitHub App's token never does (GitHub Apps take no scopes).
     */
    private static Optional<String> missingScopes(ProviderRegistration registration, TokenSet tokens) {
        if (tokens.scopes().isEmpty()) {
            return Optional.empty();
        }
        Set<String> missing = GitHubScopes.missing(registration.requestedScopes(), tokens.scopes());
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        log.warn(
                "registration '{}': the user granted only some of the requested scopes; missing {}. API calls that "
                        + "need them will fail until the user connects again and grants them",
                registration.id(),
                missing);
        return Optional.of(String.join(" ", missing));
    }

    /**
     * {@code DELETE {api}/applications/{client_id}/grant} with Basic client credentials and the access token in a
     * JSON body: revokes the authorization and every token of this user and app. A 404 means GitHub did not
     * recognise the token (already revoked, or an expired GitHub App token), so the grant may still exist.
     */
    @Override
    public Mono<Revocation> revoke(
            ProviderRegistration registration, ConnectionRecord record, RevocationClient client) {
        if (registration.clientSecret() == null) {
            log.warn(
                    "{}: GitHub's grant revocation needs the client secret; only local data is deleted",
                    OwnerIds.of(record.id()));
            return Mono.just(Revocation.NOT_SUPPORTED);
        }
        URI grant = UriComponentsBuilder.fromUri(registration.descriptor().apiBaseUri())
                .path("/applications/{clientId}/grant")
                .buildAndExpand(registration.clientId())
                .encode()
                .toUri();
        return client.webClient()
                .method(HttpMethod.DELETE)
                .uri(grant)
                .headers(h -> {
                    h.setBasicAuth(
                            registration.clientId(), registration.clientSecret().reveal(), StandardCharsets.UTF_8);
                    h.setAccept(List.of(MediaType.APPLICATION_JSON));
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("access_token", record.accessToken().reveal()))
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(response.statusCode().value())
                        .map(status -> {
                            if (status / 100 == 2) {
                                return Revocation.REVOKED;
                            }
                            if (status == 404) {
                                log.warn(
                                        "{}: GitHub did not recognise the access token (already revoked, or an "
                                                + "expired GitHub App token), so the grant may remain; only local data is "
                                                + "deleted, the user can revoke it in GitHub's settings",
                                        OwnerIds.of(record.id()));
                                return Revocation.NOT_SUPPORTED;
                            }
                            if (status == 401 || status == 403) {
                                throw new ClientMisconfiguredException(
                                        registration.id(),
                                        record.id(),
                                        "http_" + status,
                                        "GitHub refused the client id and secret for grant revocation");
                            }
                            throw ProviderApiCall.failure(
                                    registration,
                                    record.id(),
                                    status,
                                    response.headers().asHttpHeaders(),
                                    "GitHub DELETE /applications/{client_id}/grant");
                        }))
                .timeout(client.timeout())
                .onErrorMap(
                        e -> !(e instanceof SaasConnectException),
                        e -> new TransientFailureException(
                                registration.id(),
                                record.id(),
                                0,
                                "GitHub grant revocation failed ("
                                        + e.getClass().getSimpleName() + ")",
                                null));
    }
}
