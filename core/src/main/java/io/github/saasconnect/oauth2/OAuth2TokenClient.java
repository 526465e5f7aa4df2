package io.github.saasconnect.oauth2;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.AmbiguousRotationException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.AppTokenEndpoint;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RevocationClient;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The OAuth 2.0 token endpoint protocol on WebClient: authorization-code exchange with a PKCE verifier,
 * refresh, and RFC 7009 revocation, with the registration's client authentication, and the app-token requests
 * whose form an {@link io.github.saasconnect.provider.AppTokenMinter} writes. Every failure comes out
 * as a {@link SaasConnectException} of the right kind; nothing secret is logged or put in a message.
 */
public final class OAuth2TokenClient implements RevocationClient, AppTokenEndpoint {

    private static final Logger log = LoggerFactory.getLogger(OAuth2TokenClient.class);
    private static final List<String> SECRET_FIELDS =
            List.of("refresh_token", "code", "code_verifier", "client_secret", "token");

    private final Supplier<WebClient> httpFactory;
    private volatile WebClient http;
    private final TokenResponseReader reader;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param http the client to send requests with (from Boot's {@code WebClient.Builder} when there is one, else
     *     {@link io.github.saasconnect.http.JdkWebClients})
     * @param clock turns {@code expires_in} into instants
     * @param timeout the most to wait for a whole token request
     */
    public OAuth2TokenClient(WebClient http, Clock clock, Duration timeout) {
        this(constant(Objects.requireNonNull(http, "http")), clock, timeout);
    }

    /**
     * A client whose WebClient is built on the first token request, not at application start: building one loads a
     * connector, which costs tens of milliseconds of startup that most apps only need later.
     *
     * @param httpFactory builds the client to send requests with, once
     */
    public OAuth2TokenClient(Supplier<WebClient> httpFactory, Clock clock, Duration timeout) {
        this.httpFactory = Objects.requireNonNull(httpFactory, "httpFactory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reader = new TokenResponseReader(clock);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    private static Supplier<WebClient> constant(WebClient http) {
        return () -> http;
    }

    /**
     * The HTTP client token requests go through, for an adapter whose revocation is not RFC 7009 (GitHub deletes
     * the grant through its REST API) and should reuse the application's client configuration.
     */
    @Override
    public WebClient webClient() {
        WebClient built = http;
        if (built == null) {
            synchronized (this) {
                built = http;
                if (built == null) {
                    built = Objects.requireNonNull(httpFactory.get(), "httpFactory returned null");
                    http = built;
                }
            }
        }
        return built;
    }

    /** The most to wait for one token request; adapters bound their own calls to the provider with it too. */
    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Mono<TokenSet> requestToken(
            ProviderRegistration registration,
            ConnectionId connection,
            URI tokenUri,
            Map<String, String> form,
            Secret basicSecret,
            Set<String> secretFields) {
        MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
        form.forEach(body::add);
        List<String> secretsSent = new ArrayList<>();
        secretFields.forEach(field -> {
            if (form.get(field) != null) {
                secretsSent.add(form.get(field));
            }
        });
        if (basicSecret != null) {
            secretsSent.add(basicSecret.reveal());
        }
        // an app token is minted again on any doubt, so a lost answer burns nothing
        return post(
                registration,
                connection,
                tokenUri,
                body,
                "app token",
                false,
                new Authentication(basicSecret, List.copyOf(secretsSent)),
                (status, response) -> response.map(
                        r -> reader.read(registration, connection, status, r.headers, r.body, r.secretsSent)));
    }

    /** Exchanges an authorization code (and the PKCE verifier, when one was sent) for tokens. */
    public Mono<TokenSet> exchangeAuthorizationCode(
            ProviderRegistration registration,
            ConnectionId connection,
            String code,
            Secret codeVerifier,
            URI redirectUri) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        if (redirectUri != null) {
            form.add("redirect_uri", redirectUri.toString());
        }
        if (codeVerifier != null) {
            form.add("code_verifier", codeVerifier.reveal());
        }
        registration.descriptor().tokenParameters().forEach(form::add);
        return post(
                registration,
                connection,
                registration.descriptor().tokenUri(),
                form,
                "authorization_code",
                false,
                (status, response) -> response.map(
                        r -> reader.read(registration, connection, status, r.headers, r.body, r.secretsSent)));
    }

    /** Refreshes with {@code refreshToken}. */
    public Mono<TokenSet> refresh(ProviderRegistration registration, ConnectionId connection, Secret refreshToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken.reveal());
        registration.descriptor().tokenParameters().forEach(form::add);
        boolean strict = registration.descriptor().rotation().oldTokenDiesOnUse();
        return post(
                registration,
                connection,
                registration.descriptor().tokenUri(),
                form,
                "refresh_token",
                strict,
                (status, response) -> response.map(
                        r -> reader.read(registration, connection, status, r.headers, r.body, r.secretsSent)));
    }

    /** Revokes {@code token} at the registration's RFC 7009 endpoint. */
    @Override
    public Mono<Void> revoke(
            ProviderRegistration registration, ConnectionId connection, Secret token, String tokenTypeHint) {
        URI endpoint = registration.descriptor().revocationUri();
        if (endpoint == null) {
            return Mono.error(
                    new IllegalStateException("registration '" + registration.id() + "' has no revocation endpoint"));
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("token", token.reveal());
        if (tokenTypeHint != null) {
            form.add("token_type_hint", tokenTypeHint);
        }
        return post(
                        registration,
                        connection,
                        endpoint,
                        form,
                        "revocation",
                        false,
                        (status, response) -> response.doOnNext(r -> reader.expectSuccess(
                                registration, connection, status, r.headers, r.body, r.secretsSent)))
                .then();
    }

    private <T> Mono<T> post(
            ProviderRegistration registration,
            ConnectionId connection,
            URI endpoint,
            MultiValueMap<String, String> form,
            String what,
            boolean lossMayBurnToken,
            BiFunction<Integer, Mono<RawResponse>, Mono<T>> handler) {
        authenticate(registration, form);
        Secret basic = registration.descriptor().clientAuthentication() == ClientAuthentication.CLIENT_SECRET_BASIC
                ? registration.clientSecret()
                : null;
        return post(
                registration,
                connection,
                endpoint,
                form,
                what,
                lossMayBurnToken,
                new Authentication(basic, secretsIn(registration, form)),
                handler);
    }

    private <T> Mono<T> post(
            ProviderRegistration registration,
            ConnectionId connection,
            URI endpoint,
            MultiValueMap<String, String> form,
            String what,
            boolean lossMayBurnToken,
            Authentication authentication,
            BiFunction<Integer, Mono<RawResponse>, Mono<T>> handler) {
        List<String> secretsSent = authentication.secretsSent();
        return webClient()
                .post()
                .uri(endpoint)
                .headers(h -> {
                    h.setAccept(List.of(MediaType.APPLICATION_JSON));
                    if (authentication.basicSecret() != null) {
                        h.setBasicAuth(
                                formEncode(registration.clientId()),
                                formEncode(authentication.basicSecret().reveal()));
                    }
                })
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form))
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    log.debug("{} request for registration '{}' answered HTTP {}", what, registration.id(), status);
                    Mono<RawResponse> raw = raw(response, secretsSent);
                    if (status / 100 != 2) {
                        // an error status arrived, so no tokens were issued: a body we cannot read (too large,
                        // cut off) does not make the answer lost
                        raw = raw.onErrorMap(
                                e -> !(e instanceof SaasConnectException),
                                e -> reader.failureWithoutOAuthBody(
                                        registration.id(),
                                        connection,
                                        status,
                                        response.headers().asHttpHeaders(),
                                        "unreadable body (" + e.getClass().getSimpleName() + ")"));
                    }
                    return handler.apply(status, raw);
                })
                .timeout(timeout)
                .onErrorMap(
                        e -> !(e instanceof SaasConnectException),
                        e -> transportFailure(registration, connection, what, lossMayBurnToken, e));
    }

    private void authenticate(ProviderRegistration registration, MultiValueMap<String, String> form) {
        boolean post = registration.descriptor().clientAuthentication() == ClientAuthentication.CLIENT_SECRET_POST
                || registration.clientSecret() == null;
        if (post) {
            form.add("client_id", registration.clientId());
            if (registration.clientSecret() != null) {
                form.add("client_secret", registration.clientSecret().reveal());
            }
        }
    }

    private static SaasConnectException transportFailure(
            ProviderRegistration registration,
            ConnectionId connection,
            String what,
            boolean lossMayBurnToken,
            Throwable e) {
        boolean neverSent = hasCause(e, ConnectException.class);
        log.debug(
                "{} request for registration '{}' failed: {}",
                what,
                registration.id(),
                e.getClass().getSimpleName());
        if (lossMayBurnToken && !neverSent) {
            return new AmbiguousRotationException(registration.id(), connection, sanitized(e));
        }
        String detail = e instanceof TimeoutException
                ? "no answer within the token request timeout"
                : neverSent
                        ? "connection refused"
                        : "connection failed (" + e.getClass().getSimpleName() + ")";
        return new TransientFailureException(registration.id(), connection, 0, detail, sanitized(e));
    }

    /** A cause chain without messages that could echo a request (a URI with parameters, a header). */
    private static Throwable sanitized(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new TransportError(root.getClass().getName());
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The secret values a request carries, so that an error answer quoting one of them can be redacted. */
    private static List<String> secretsIn(ProviderRegistration registration, MultiValueMap<String, String> form) {
        List<String> secrets = new ArrayList<>();
        for (String field : SECRET_FIELDS) {
            List<String> values = form.get(field);
            if (values != null) {
                secrets.addAll(values);
            }
        }
        if (registration.clientSecret() != null) {
            secrets.add(registration.clientSecret().reveal());
        }
        return List.copyOf(secrets);
    }

    private static Mono<RawResponse> raw(ClientResponse response, List<String> secretsSent) {
        HttpHeaders headers = response.headers().asHttpHeaders();
        return response.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .map(body -> new RawResponse(headers, body, secretsSent));
    }

    /** HTTP Basic with the client id and this secret, or none; and every secret value the request carries. */
    private record Authentication(Secret basicSecret, List<String> secretsSent) {}

    private record RawResponse(HttpHeaders headers, byte[] body, List<String> secretsSent) {}

    /** The class of a low-level transport error, kept as a cause without its (possibly revealing) message. */
    static final class TransportError extends RuntimeException {
        TransportError(String type) {
            super(type, null, false, false);
        }
    }
}
