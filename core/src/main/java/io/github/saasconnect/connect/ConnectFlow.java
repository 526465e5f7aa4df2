package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.connection.internal.NonBlockingRandom;
import io.github.saasconnect.event.AccountChangeRefusedEvent;
import io.github.saasconnect.event.AccountOutcome;
import io.github.saasconnect.event.ConnectionConnectedEvent;
import io.github.saasconnect.event.ConnectionDisconnectedEvent;
import io.github.saasconnect.event.ConnectionRecoveredEvent;
import io.github.saasconnect.event.ScopesMissingEvent;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.oauth2.AuthorizationRequestUri;
import io.github.saasconnect.oauth2.IdTokenValidator;
import io.github.saasconnect.oauth2.InvalidIdTokenException;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.oauth2.PkceChallenge;
import io.github.saasconnect.observation.Observed;
import io.github.saasconnect.observation.ObservedTokenStore;
import io.github.saasconnect.observation.SaasConnectObservation;
import io.github.saasconnect.observation.TokenRequestContext;
import io.github.saasconnect.provider.AccountDiscovery;
import io.github.saasconnect.provider.AccountPolicy;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.Revocation;
import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.UnreadableRecordException;
import io.github.saasconnect.store.VersionedRecord;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Connects a user's account at a provider (DESIGN §8): {@link #start} makes the authorization URL and keeps a
 * pending authorization under a digest of its single-use state; {@link #complete} checks the callback against
 * it, exchanges the code, asks the provider adapter for the account's facts and writes the connection by
 * compare-and-set; {@link #disconnect} revokes where the provider can and deletes. A stored record that cannot be
 * read ({@link UnreadableRecordException}) never locks its owner out: it is listed as unreadable, a new connect
 * replaces it and a disconnect deletes it.
 *
 * <p>Every refusal is a {@link ConnectFlowException} whose {@link ConnectFailure} says why, and leaves the
 * stored connections and the events untouched. A failed exchange or discovery says who can fix it
 * ({@link ConnectFailure#CLIENT_MISCONFIGURED}, {@link ConnectFailure#ACCOUNT_NOT_USABLE},
 * {@link ConnectFailure#EXCHANGE_FAILED}) and is logged at WARN. No state, code, token or verifier is logged or put
 * in a message.
 */
public final class ConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);

    /** Longer states are not ours (ours are 43 characters) and are not even hashed. */
    private static final int MAX_STATE_LENGTH = 512;

    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ProviderRegistry registry;
    private final TokenStore store;
    private final AccountPlacements placements;
    private final PendingAuthorizationStore pending;
    private final OAuth2TokenClient client;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ConnectSettings settings;
    private final SecureRandom random = NonBlockingRandom.create();
    private final ObservationRegistry observations;
    private final IdTokenValidator idTokens;
    private final PendingLimit pendingLimit;
    private final Connections connections;

    private ConnectFlow(Builder b) {
        ProviderRegistry registry = b.registry;
        TokenStore store = b.store;
        PendingAuthorizationStore pending = b.pending;
        OAuth2TokenClient client = b.client;
        ApplicationEventPublisher events = b.events;
        Clock clock = b.clock;
        ConnectSettings settings = b.settings;
        ObservationRegistry observations = b.observations;
        this.observations = Objects.requireNonNull(observations, "observations");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = ObservedTokenStore.of(Objects.requireNonNull(store, "store"), observations);
        this.placements = new AccountPlacements(this.store);
        this.pending = Objects.requireNonNull(pending, "pending");
        this.client = Objects.requireNonNull(client, "client");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.idTokens = new IdTokenValidator(client::webClient, clock);
        this.pendingLimit = new PendingLimit(settings.maxPendingPerConnection());
        this.connections = new Connections(registry, this.store);
    }

    /** The settings in force. */
    public ConnectSettings settings() {
        return settings;
    }

    /**
     * Starts an authorization with the registration's configured redirect URI.
     *
     * @see #start(String, String, String, URI)
     */
    public Mono<ConnectRedirect> start(String registration, String owner, String returnTo) {
        return start(registration, owner, returnTo, null);
    }

    /**
     * Starts an authorization: a 256-bit random state (single use, valid for the configured lifetime), a PKCE S256
     * challenge where the provider takes one, the provider's extra authorization parameters; the pending
     * authorization is saved before the URL is returned. When the owner already has
     * {@link ConnectSettings#maxPendingPerConnection()} authorizations of the registration waiting, the oldest is
     * removed from the pending store (its callback then gets {@link ConnectFailure#STATE_UNKNOWN}).
     *
     * @param registration the registration id
     * @param owner the app's id of the signed-in user
     * @param returnTo where to send the browser afterwards ({@code null}: the policy's fallback)
     * @param fallbackRedirectUri the redirect URI when the registration configures none (the web endpoints derive
     *     it from the request), or {@code null}
     * @return where to send the browser; fails with {@link ConnectFlowException} for an unknown registration, a
     *     refused return address, or no redirect URI
     */
    public Mono<ConnectRedirect> start(String registration, String owner, String returnTo, URI fallbackRedirectUri) {
        return start(registration, owner, returnTo, fallbackRedirectUri, Set.of());
    }

    /**
     * Starts an authorization that asks for {@code scopes} on top of the registration's own (incremental consent):
     * each must be among the registration's {@link ProviderRegistration#allowedScopes() allowed scopes}. The
     * callback then checks that all of them and the registration's own were granted (see {@link #complete}). For a
     * user who is connected already this is a scope upgrade: the callback updates the same connection, keeping its
     * tags. Google is sent {@code include_granted_scopes=true}, so its new grant carries the earlier scopes too; other
     * providers grant what this request asks for, so name every optional scope the connection should keep.
     *
     * @param scopes scopes to ask for on top of the registration's own, possibly empty
     * @return where to send the browser; fails with {@link ConnectFlowException} as {@link #start(String, String,
     *     String, URI)} does, and {@link ConnectFailure#SCOPE_NOT_ALLOWED} for a scope the registration does not allow
     */
    public Mono<ConnectRedirect> start(
            String registration, String owner, String returnTo, URI fallbackRedirectUri, Collection<String> scopes) {
        return start(registration, owner, returnTo, fallbackRedirectUri, scopes, null);
    }

    /**
     * Starts an authorization that reconnects the owner's connection of the provider account {@code account} (as
     * {@link Connections#connectionOf} finds it), or with {@code account} {@code null} the owner's default connection.
     * The account is kept with the pending authorization, so the {@link ConnectResult} says whether that account came
     * back ({@link ConnectResult#otherAccountThanRequested()}). Where the provider's authorization does not keep the
     * scopes granted before ({@link ProviderRegistration#includesGrantedScopes()}: all but Google), the scopes the
     * connection holds that the registration allows are asked for again, so a reconnect or scope upgrade never loses
     * one.
     *
     * @param account the provider account id being reconnected, or {@code null}
     * @see #start(String, String, String, URI, Collection)
     */
    public Mono<ConnectRedirect> start(
            String registration,
            String owner,
            String returnTo,
            URI fallbackRedirectUri,
            Collection<String> scopes,
            @Nullable String account) {
        Objects.requireNonNull(scopes, "scopes");
        return Mono.defer(() -> {
            ProviderRegistration configured = registration(registration);
            ConnectionId.of(configured.id(), owner, account); // a malformed owner or account fails here
            return keptScopes(configured, owner, account)
                    .flatMap(kept ->
                            startChecked(configured, owner, returnTo, fallbackRedirectUri, scopes, kept, account));
        });
    }

    /**
     * The scopes the reconnected connection holds that a new authorization must ask for again: none where the provider
     * keeps earlier grants by itself, else the connection's granted scopes that the registration allows. With several
     * accounts per owner the start must name the account; one connection per owner is its default connection.
     */
    private Mono<Set<String>> keptScopes(ProviderRegistration reg, String owner, @Nullable String account) {
        if (reg.includesGrantedScopes()
                || ConnectionId.of(reg.id(), owner).isApp()
                // with several accounts, a start that names none may be adding one: no connection's scopes are its
                || (reg.accounts().multiple() && account == null)) {
            return Mono.just(Set.of());
        }
        Set<String> allowed = reg.allowedScopes();
        return connections
                .connectionOf(reg.id(), owner, account)
                .flatMap(store::read)
                .map(v -> {
                    Set<String> kept = new LinkedHashSet<>(v.record().scopes());
                    kept.retainAll(allowed);
                    return (Set<String>) kept;
                })
                .onErrorResume(UnreadableRecordException.class, e -> Mono.just(Set.of()))
                .defaultIfEmpty(Set.of());
    }

    private Mono<ConnectRedirect> startChecked(
            ProviderRegistration configured,
            String owner,
            String returnTo,
            URI fallbackRedirectUri,
            Collection<String> scopes,
            Set<String> kept,
            @Nullable String account) {
        ConnectionId id = ConnectionId.of(configured.id(), owner);
        Set<String> extra = new LinkedHashSet<>(scopes);
        extra.addAll(kept);
        extra.removeAll(configured.requestedScopes());
        ProviderRegistration reg;
        try {
            reg = configured.requesting(extra);
        } catch (IllegalArgumentException e) {
            throw refused(ConnectFailure.SCOPE_NOT_ALLOWED, configured.id(), null, null, e.getMessage());
        }
        if (id.isApp()) {
            throw new IllegalArgumentException("owner of registration '" + reg.id() + "' must not start with '"
                    + ConnectionId.APP_OWNER_PREFIX + "': that form is reserved for app connections");
        }
        String target = settings.returnTo().resolve(returnTo, reg.id());
        URI redirectUri = reg.redirectUri() != null ? reg.redirectUri() : fallbackRedirectUri;
        if (redirectUri == null) {
            throw new ConnectFlowException(
                    ConnectFailure.NO_REDIRECT_URI,
                    reg.id(),
                    id,
                    null,
                    "no redirect URI: set saas-connect.providers." + reg.id() + ".redirect-uri",
                    null);
        }
        String state = newState();
        PkceChallenge pkce = reg.descriptor().pkce() ? PkceChallenge.generate(random) : null;
        Secret nonce = reg.requestedScopes().contains("openid") ? Secret.of(newState()) : null;
        Instant now = clock.instant();
        PendingAuthorization authorization = new PendingAuthorization(
                PendingAuthorization.keyOf(state),
                id.withAccount(account),
                redirectUri,
                target,
                pkce == null ? null : pkce.verifier(),
                now,
                now.plus(settings.stateLifetime()),
                nonce,
                extra);
        URI location = AuthorizationRequestUri.build(reg, redirectUri, state, pkce, nonce);
        return pending.save(authorization)
                .thenMany(Flux.defer(() -> Flux.fromIterable(
                        pendingLimit.started(id, authorization.key(), authorization.expiresAt(), now))))
                .concatMap(replaced -> pending.take(replaced))
                .then(Mono.fromSupplier(
                        () -> new ConnectRedirect(authorization.connection(), location, authorization.expiresAt())))
                .doOnNext(r -> log.debug(
                        "Started authorization of {} (pkce={}, expires {})",
                        OwnerIds.of(r.connection()),
                        pkce != null,
                        authorization.expiresAt()));
    }

    /**
     * Completes an authorization from the provider's callback: takes the pending authorization of the state (so
     * the state cannot be used again, whatever the outcome), checks that it was issued for this registration and
     * owner and has not expired, exchanges the code with the PKCE verifier, runs the adapter's discovery, and
     * writes the connection by compare-and-set, replacing a stored one. Publishes
     * {@link ConnectionConnectedEvent}, and {@link ConnectionRecoveredEvent} as well when the replaced connection
     * needed reauthorization. When the adapter finds scopes asked for (the registration's and the start's) that the
     * user did not grant ({@link AccountDiscovery#MISSING_SCOPES}), the connection is stored all the same (its tokens
     * are valid for what was granted), the result lists them with a reconnect URL
     * ({@link ConnectSettings#reconnectLinks()}) and {@link ScopesMissingEvent} is published.
     *
     * <p><b>Which connection.</b> The provider account that came back ({@link
     * io.github.saasconnect.provider.AccountIdentity#accountId} of the discovered attributes) decides, by the
     * registration's {@link AccountPolicy}. One connection per owner: the same account (or one the provider does not
     * name) updates it; another account is refused ({@link ConnectFailure#ACCOUNT_CHANGED} and
     * {@link AccountChangeRefusedEvent}, the stored connection untouched and the new tokens dropped: they are not
     * revoked because the provider's grant of that account may serve another of the app's connections), or with
     * {@code on-account-change: replace} replaces it and the replaced account's grant is revoked where the provider
     * can. Several per owner: the account's existing connection is updated (same id, tags kept), a new account becomes
     * the default connection when the owner has none, else a further connection filed under the account; the owner's
     * other accounts are untouched. {@link ConnectionConnectedEvent#outcome()} and
     * {@link ConnectResult#accountOutcome()} say which happened.
     *
     * @param registration the registration id of the callback endpoint
     * @param owner the app's id of the user signed in at the callback
     * @param callback the provider's answer
     * @return the stored connection; fails with {@link ConnectFlowException}
     */
    public Mono<ConnectResult> complete(String registration, String owner, AuthorizationCallback callback) {
        Objects.requireNonNull(callback, "callback");
        return Mono.defer(() -> {
            ProviderRegistration reg = registration(registration);
            String state = callback.state();
            if (state == null || state.isEmpty()) {
                throw refused(
                        ConnectFailure.STATE_MISSING,
                        reg.id(),
                        null,
                        null,
                        "the callback has no state; start the connection again");
            }
            if (state.length() > MAX_STATE_LENGTH) {
                throw unknownState(reg.id());
            }
            return pending.take(PendingAuthorization.keyOf(state))
                    .doOnNext(taken -> pendingLimit.taken(taken.connection().withAccount(null), taken.key()))
                    .switchIfEmpty(Mono.error(() -> unknownState(reg.id())))
                    .flatMap(authorization ->
                            completeTaken(requested(reg, authorization), owner, authorization, callback));
        });
    }

    /**
     * The registration asking for the scopes the authorization asked for on top of its own. A scope that is no longer
     * allowed (the configuration changed since the start) is not required.
     */
    private static ProviderRegistration requested(ProviderRegistration reg, PendingAuthorization p) {
        Set<String> allowed = reg.allowedScopes();
        return reg.requesting(p.scopes().stream().filter(allowed::contains).toList());
    }

    private Mono<ConnectResult> completeTaken(
            ProviderRegistration reg, String owner, PendingAuthorization p, AuthorizationCallback callback) {
        ConnectionId id = p.connection();
        if (p.expiredAt(clock.instant())) {
            throw refused(
                    ConnectFailure.STATE_EXPIRED,
                    reg.id(),
                    null,
                    null,
                    "the authorization was started more " + "than "
                            + settings.stateLifetime().toMinutes() + " minutes ago; start the connection again");
        }
        if (!id.registration().equals(reg.id())) {
            throw refused(
                    ConnectFailure.STATE_REGISTRATION_MISMATCH,
                    reg.id(),
                    null,
                    null,
                    "the state was issued for another registration; start the connection again");
        }
        if (owner == null || !id.owner().equals(owner)) {
            throw refused(
                    ConnectFailure.STATE_OWNER_MISMATCH,
                    reg.id(),
                    null,
                    null,
                    "the state was issued to another user than the one signed in; start the connection again");
        }
        if (callback.error() != null) {
            String code = ERROR_CODE.matcher(callback.error()).matches() ? callback.error() : "invalid_error_code";
            boolean denied = code.equals("access_denied");
            throw new ConnectFlowException(
                    denied ? ConnectFailure.ACCESS_DENIED : ConnectFailure.PROVIDER_ERROR,
                    reg.id(),
                    id,
                    p.returnTo(),
                    code,
                    denied
                            ? "the user declined access at the provider"
                            : "the provider answered the authorization request with '" + code + "'",
                    null);
        }
        if (callback.code() == null || callback.code().isEmpty()) {
            throw refused(
                    ConnectFailure.CODE_MISSING,
                    reg.id(),
                    id,
                    p.returnTo(),
                    "the callback has neither a code nor an error; start the connection again");
        }
        return Observed.mono(
                        client.exchangeAuthorizationCode(reg, id, callback.code(), p.codeVerifier(), p.redirectUri()),
                        SaasConnectObservation.CODE_EXCHANGE,
                        observations,
                        () -> new TokenRequestContext(
                                TokenRequestContext.Grant.AUTHORIZATION_CODE,
                                reg.id(),
                                reg.descriptor().type()))
                .flatMap(tokenSet ->
                        checkIdToken(reg, id, tokenSet, p).then(connect(reg, id.withAccount(null), tokenSet, true)))
                .onErrorMap(AccountPlacements.AccountChanged.class, e -> accountChangeRefused(reg, e, p.returnTo()))
                .onErrorMap(
                        e -> !(e instanceof ConnectFlowException), e -> exchangeFailed(reg.id(), id, p.returnTo(), e))
                .map(outcome -> connected(p.returnTo(), outcome, id.account()));
    }

    /**
     * Checks the ID token of our own code exchange before anything reads it (OpenID Connect Core §3.1.3.7). A
     * response without one has nothing to check: the adapters that need one say so. An authorization started by a
     * release that sent no nonce has none stored, and its token is checked without one: its code was still bound to
     * this client, the redirect URI and the PKCE verifier, and such entries are gone once the state lifetime passed.
     */
    private Mono<Void> checkIdToken(
            ProviderRegistration reg, ConnectionId id, TokenSet tokens, PendingAuthorization p) {
        if (tokens.idToken() == null) {
            return Mono.empty();
        }
        return idTokens.validate(reg, id, tokens.idToken(), p.nonce()).then();
    }

    /**
     * Stores tokens that another OAuth client obtained for {@code owner} (Spring Security's {@code oauth2Login},
     * through {@code saas-connect-spring-security}) as the connection of {@code registration}, the way
     * {@link #complete} stores its own after the code exchange: the adapter's discovery, a compare-and-set write
     * replacing a stored connection, {@link ConnectionConnectedEvent} (and {@link ConnectionRecoveredEvent}).
     *
     * @param registration the registration id
     * @param owner the app's id of the user the tokens were issued to
     * @param tokens the tokens; without a refresh token the stored active connection's one is kept
     * @return the stored connection
     */
    public Mono<ConnectResult> adopt(String registration, String owner, TokenSet tokens) {
        Objects.requireNonNull(tokens, "tokens");
        return Mono.defer(() -> {
            ProviderRegistration reg = registration(registration);
            ConnectionId id = ConnectionId.of(reg.id(), owner);
            return connect(reg, id, tokens, false)
                    .onErrorMap(AccountPlacements.AccountChanged.class, e -> accountChangeRefused(reg, e, null))
                    .map(outcome -> connected(null, outcome, null));
        });
    }

    /**
     * Discovers the account and stores the connection where the registration's {@link AccountPolicy} files it
     * ({@link #place}). {@code revokeIfUnstored}: tokens of our own code exchange that the store did not take are
     * revoked ({@link #revokeUnstored}); adopted tokens belong to another client, which still uses them, so they are
     * not.
     *
     * @param owner the owner's default connection
     */
    private Mono<WriteOutcome> connect(
            ProviderRegistration reg, ConnectionId owner, TokenSet tokenSet, boolean revokeIfUnstored) {
        return discover(reg, tokenSet).flatMap(attributes -> {
            Instant now = clock.instant();
            TokenSet tokens = reg.descriptor().refreshTokenLifetime().onConsent(tokenSet, now);
            String generation = newGeneration();
            String account = reg.descriptor().accountIdentity().accountId(attributes);
            return place(
                            reg,
                            owner,
                            account,
                            id -> ConnectionRecord.connected(id, tokens, attributes, now, generation),
                            1)
                    .onErrorResume(
                            FirstGrantNotStored.class,
                            e -> revokeIfUnstored ? revokeUnstored(reg, e.record, e) : Mono.error(e.getCause()))
                    .flatMap(outcome -> revokeReplaced(reg, outcome))
                    .map(outcome -> outcome.missing(missingScopes(attributes)));
        });
    }

    private ConnectResult connected(@Nullable String returnTo, WriteOutcome outcome, @Nullable String requested) {
        ConnectionId id = outcome.connection();
        Instant now = clock.instant();
        events.publishEvent(new ConnectionConnectedEvent(
                id, now, outcome.outcome(), outcome.replacedAccount(), outcome.replacedGrantRevoked()));
        if (outcome.recovered()) {
            events.publishEvent(new ConnectionRecoveredEvent(id, now));
        }
        URI reconnect = null;
        if (!outcome.missingScopes().isEmpty()) {
            reconnect = settings.reconnectLinks().reconnectUri(id, outcome.missingScopes());
            events.publishEvent(new ScopesMissingEvent(id, outcome.missingScopes(), reconnect, now));
        }
        log.info(
                "Connected {}{}{}",
                OwnerIds.of(id),
                switch (outcome.outcome()) {
                    case NEW_CONNECTION -> "";
                    case SAME_ACCOUNT -> outcome.recovered() ? " (recovered)" : " (replaced)";
                    case ADDED_ACCOUNT -> " (added account)";
                    case REPLACED_ACCOUNT ->
                        " (replaced account, old grant revoked: " + outcome.replacedGrantRevoked() + ")";
                },
                outcome.missingScopes().isEmpty() ? "" : " without the scopes " + outcome.missingScopes());
        return new ConnectResult(
                id,
                returnTo,
                outcome.replaced(),
                outcome.recovered(),
                outcome.missingScopes(),
                reconnect,
                outcome.outcome(),
                outcome.account(),
                requested);
    }

    /** The scopes the adapter's discovery found asked for but not granted ({@link AccountDiscovery#MISSING_SCOPES}). */
    private static Set<String> missingScopes(Map<String, String> attributes) {
        String missing = attributes.get(AccountDiscovery.MISSING_SCOPES);
        return missing == null || missing.isBlank()
                ? Set.of()
                : new LinkedHashSet<>(List.of(missing.strip().split("\\s+")));
    }

    private Mono<Map<String, String>> discover(ProviderRegistration reg, TokenSet tokenSet) {
        return reg.descriptor()
                .accountDiscovery()
                .discover(reg, tokenSet, client.webClient())
                .defaultIfEmpty(Map.of());
    }

    /**
     * Decides which of the owner's connections the provider account {@code account} is ({@link Placement}) and
     * writes it there by compare-and-set. A writer that changed the owner's connections in between makes the write
     * stale, and the decision is taken again from fresh reads, so two accounts connected at once never land on one
     * connection.
     */
    private Mono<WriteOutcome> place(
            ProviderRegistration reg,
            ConnectionId owner,
            @Nullable String account,
            Function<ConnectionId, ConnectionRecord> records,
            int attempt) {
        return placements
                .decide(reg, owner, account)
                .flatMap(target -> write(target, records.apply(target.id()), account))
                .onErrorResume(
                        StaleVersionException.class,
                        e -> attempt < settings.maxWriteAttempts()
                                ? place(reg, owner, account, records, attempt + 1)
                                : Mono.error(e));
    }

    private Mono<WriteOutcome> write(
            AccountPlacements.Placement target, ConnectionRecord record, @Nullable String account) {
        if (target.unreadable()) {
            return replaceUnreadable(record, target.unreadableReason()).map(outcome -> outcome.placed(target, account));
        }
        Optional<VersionedRecord> current = target.current();
        // a refresh token is carried over only within one provider account: another account's would act for it
        ConnectionRecord written = keepingTags(
                target.outcome() == AccountOutcome.REPLACED_ACCOUNT ? record : keepingRefreshToken(record, current),
                current);
        return store.write(written, current.map(VersionedRecord::version).orElse(0L))
                .map(version -> new WriteOutcome(
                                current.isPresent(),
                                target.outcome() != AccountOutcome.REPLACED_ACCOUNT
                                        && current.map(c -> c.record().status()
                                                        == ConnectionStatus.REAUTHORIZATION_REQUIRED)
                                                .orElse(false))
                        .placed(target, account))
                .onErrorMap(
                        e -> current.isEmpty() && !(e instanceof StaleVersionException),
                        e -> new FirstGrantNotStored(record, e));
    }

    /**
     * After another provider account replaced a connection, revokes the replaced account's grant where the provider
     * can: nobody holds it any more. A failed revocation is logged; the replacement stands.
     */
    private Mono<WriteOutcome> revokeReplaced(ProviderRegistration reg, WriteOutcome outcome) {
        if (outcome.replacedRecord() == null) {
            return Mono.just(outcome);
        }
        return reg.descriptor()
                .revoker()
                .revoke(reg, outcome.replacedRecord(), client)
                .map(revocation -> revocation == Revocation.REVOKED)
                .defaultIfEmpty(false)
                .onErrorResume(e -> {
                    log.warn(
                            "Revocation of the replaced account's grant of {} failed ({}); the user can remove the "
                                    + "app's access in the provider's settings",
                            OwnerIds.of(outcome.connection()),
                            e.getClass().getSimpleName());
                    return Mono.just(false);
                })
                .map(outcome::revoked);
    }

    /** The refusal of a reconnect as another account, and its event; the stored connection is untouched. */
    private ConnectFlowException accountChangeRefused(
            ProviderRegistration reg, AccountPlacements.AccountChanged changed, @Nullable String returnTo) {
        events.publishEvent(
                new AccountChangeRefusedEvent(changed.id, changed.stored, changed.offered, clock.instant()));
        log.info(
                "Refused the reconnect of {} as another provider account (on-account-change: refuse); the stored "
                        + "connection stays",
                OwnerIds.of(changed.id));
        return refused(
                ConnectFailure.ACCOUNT_CHANGED,
                reg.id(),
                changed.id,
                returnTo,
                "another provider account than the connected one came back, and saas-connect.providers." + reg.id()
                        + ".on-account-change is 'refuse': the connection stays as it was. Sign out of the other "
                        + "account at the provider and connect again, or disconnect first");
    }

    /**
     * After the provider issued tokens that the store did not take, revokes them where the provider can, so no
     * working grant is left that nobody holds. Only a first grant is revoked: where a connection was stored, or the
     * store could not say whether one was, the new tokens may belong to the same grant as the stored ones (revoking
     * any of Google's tokens revokes its whole grant), and revoking them would break the connection that works.
     * Fails with the store's failure either way.
     */
    private Mono<WriteOutcome> revokeUnstored(
            ProviderRegistration reg, ConnectionRecord record, FirstGrantNotStored unstored) {
        Throwable cause = unstored.getCause();
        return reg.descriptor()
                .revoker()
                .revoke(reg, record, client)
                .map(revocation -> revocation == Revocation.REVOKED)
                .onErrorReturn(false)
                .doOnNext(revoked -> log.warn(
                        "connect {}: the store did not take the new connection ({}); the tokens the provider issued {}",
                        OwnerIds.of(record.id()),
                        describe(cause),
                        revoked
                                ? "were revoked at the provider"
                                : "could not be revoked and stay valid until they expire"))
                .then(Mono.error(cause));
    }

    /** A write of a connection the store did not hold yet that failed; carries the record and the store's failure. */
    private static final class FirstGrantNotStored extends RuntimeException {

        private final transient ConnectionRecord record;

        FirstGrantNotStored(ConnectionRecord record, Throwable cause) {
            super(null, cause, false, false);
            this.record = record;
        }
    }

    /**
     * A new grant without a refresh token does not end the stored one: providers such as Google send the refresh
     * token only at the first consent, and the stored active connection's token still works. Dropping it would lose
     * the connection at the next expiry.
     */
    private static ConnectionRecord keepingRefreshToken(ConnectionRecord record, Optional<VersionedRecord> current) {
        if (record.refreshToken() != null || current.isEmpty()) {
            return record;
        }
        ConnectionRecord stored = current.get().record();
        if (stored.status() != ConnectionStatus.ACTIVE || stored.refreshToken() == null) {
            return record;
        }
        return record.withRefreshToken(stored.refreshToken(), stored.refreshTokenExpiresAt());
    }

    /** The application's tags belong to the connection, not to a grant: a reconnect keeps them. */
    private static ConnectionRecord keepingTags(ConnectionRecord record, Optional<VersionedRecord> current) {
        return current.isEmpty() || current.get().record().tags().isEmpty()
                ? record
                : record.withTags(current.get().record().tags());
    }

    /**
     * The user connected again over a record the store cannot read: the new tokens replace it. It is deleted, and the
     * new record written as a first one (a writer racing in between makes that write stale, and the connect is tried
     * again from the read).
     */
    private Mono<WriteOutcome> replaceUnreadable(ConnectionRecord record, String reason) {
        log.warn(
                "Replacing the unreadable stored record of {} with the new connection: {}",
                OwnerIds.of(record.id()),
                reason);
        return store.delete(record.id()).then(store.write(record, 0)).thenReturn(new WriteOutcome(true, true));
    }

    /**
     * Revokes the grant where the provider can, then deletes the connection and publishes
     * {@link ConnectionDisconnectedEvent}. A failed revocation is logged and the connection is deleted anyway:
     * the user asked for it to be gone.
     *
     * @return what happened; fails with {@link ConnectFlowException} ({@link ConnectFailure#NOT_CONNECTED} or
     *     {@link ConnectFailure#UNKNOWN_REGISTRATION})
     */
    public Mono<DisconnectResult> disconnect(String registration, String owner) {
        return disconnect(registration, owner, null);
    }

    /**
     * Disconnects the owner's connection of the provider account {@code account} (as {@link Connections#connectionOf}
     * finds it: the account's own connection, or the default one holding it), or with {@code account} {@code null} the
     * default connection; the owner's other accounts stay connected. Otherwise as {@link #disconnect(String, String)}.
     */
    public Mono<DisconnectResult> disconnect(String registration, String owner, @Nullable String account) {
        return Mono.defer(() -> {
            ProviderRegistration reg = registration(registration);
            ConnectionId named = ConnectionId.of(reg.id(), owner, account);
            return connections
                    .connectionOf(reg.id(), owner, account)
                    .switchIfEmpty(Mono.error(() -> refused(
                            ConnectFailure.NOT_CONNECTED, reg.id(), named, null, "there is no such connection")))
                    .flatMap(id -> disconnect(reg, id));
        });
    }

    private Mono<DisconnectResult> disconnect(ProviderRegistration reg, ConnectionId id) {
        return store.read(id)
                .switchIfEmpty(Mono.error(
                        () -> refused(ConnectFailure.NOT_CONNECTED, reg.id(), id, null, "there is no such connection")))
                .flatMap(current -> reg.descriptor()
                        .revoker()
                        .revoke(reg, current.record(), client)
                        .map(revocation -> revocation == Revocation.REVOKED)
                        .defaultIfEmpty(false)
                        .onErrorResume(e -> {
                            log.warn(
                                    "Revocation of {} at the provider failed ({}); deleting it here anyway. "
                                            + "The user can remove the app's access in the provider's settings.",
                                    OwnerIds.of(id),
                                    e.getClass().getSimpleName());
                            return Mono.just(false);
                        }))
                .onErrorResume(UnreadableRecordException.class, e -> {
                    log.warn(
                            "Deleting the unreadable stored record of {} without revoking it at the provider (its "
                                    + "tokens cannot be read); the user can remove the app's access in the "
                                    + "provider's settings: {}",
                            OwnerIds.of(id),
                            e.getMessage());
                    return Mono.just(false);
                })
                .flatMap(revoked -> store.delete(id).then(Mono.fromSupplier(() -> {
                    events.publishEvent(new ConnectionDisconnectedEvent(id, revoked, clock.instant()));
                    log.info("Disconnected {} (revoked at the provider: {})", OwnerIds.of(id), revoked);
                    return new DisconnectResult(id, revoked);
                })));
    }

    /**
     * The connections of {@code owner}, in registration order (each registration's default connection first, then its
     * further provider accounts), without tokens. A record the store cannot read is listed with status
     * {@link ConnectionStatus#UNREADABLE} (the others are listed as usual): connecting again replaces it,
     * disconnecting deletes it.
     */
    public Flux<ConnectionSummary> connections(String owner) {
        return connections.list(owner).map(ConnectionSummary::of);
    }

    /** The registrations a user can connect, in configuration order. */
    public java.util.Collection<ProviderRegistration> registrations() {
        return registry.all();
    }

    private ProviderRegistration registration(String id) {
        for (ProviderRegistration r : registry.all()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        // The id comes from a URL: echo it only when it is a well-formed registration id.
        boolean wellFormed = ConnectionId.isValidRegistration(id);
        throw new ConnectFlowException(
                ConnectFailure.UNKNOWN_REGISTRATION,
                wellFormed ? id : null,
                null,
                null,
                "no registration " + (wellFormed ? "'" + id + "' " : "by that id ") + "is configured (see "
                        + "saas-connect.providers.*)",
                null);
    }

    /**
     * The refusal for a failed code exchange or discovery, by who can fix it: an administrator (the provider rejected
     * the client), the user (the account cannot be used), or nobody (try again). It is logged at WARN because the
     * browser is only sent back with a code: the log line is where an operator learns which registration failed and
     * what to change. Its message holds no code, state, verifier or token.
     */
    private static ConnectFlowException exchangeFailed(
            String registration, ConnectionId id, String returnTo, Throwable e) {
        ConnectFlowException failure;
        if (e instanceof ClientMisconfiguredException) {
            failure = new ConnectFlowException(
                    ConnectFailure.CLIENT_MISCONFIGURED,
                    registration,
                    id,
                    returnTo,
                    "the provider rejected this application's client, so nobody can connect until an administrator "
                            + "fixes the registration: " + e.getMessage(),
                    e);
        } else if (e instanceof InvalidIdTokenException invalid) {
            failure = new ConnectFlowException(
                    ConnectFailure.ID_TOKEN_INVALID,
                    registration,
                    id,
                    returnTo,
                    invalid.check().errorCode(),
                    "the provider's answer was refused and nothing was stored: " + e.getMessage(),
                    e);
        } else if (e instanceof ReauthorizationRequiredException r
                && r.reason() == ReauthorizationCause.ACCOUNT_NOT_USABLE) {
            String code =
                    r.errorCode() != null && ERROR_CODE.matcher(r.errorCode()).matches()
                            ? r.errorCode()
                            : "account_not_usable";
            failure = new ConnectFlowException(
                    ConnectFailure.ACCOUNT_NOT_USABLE,
                    registration,
                    id,
                    returnTo,
                    code,
                    "the account the user signed in with cannot be used: " + e.getMessage(),
                    e);
        } else {
            failure = new ConnectFlowException(
                    ConnectFailure.EXCHANGE_FAILED,
                    registration,
                    id,
                    returnTo,
                    "the connection could not be made (the user can try again): " + describe(e),
                    e);
        }
        // the messages name the connection (the exception's and its cause's); the log names its owner by digest
        log.warn(
                "{} [connect_error={}]{}",
                id == null
                        ? failure.getMessage()
                        : failure.getMessage()
                                .replace(id.toString(), OwnerIds.of(id).toString()),
                failure.errorCode(),
                e instanceof SaasConnectException known ? " [kind=" + known.kind() + "]" : "");
        return failure;
    }

    /** Our failures' messages carry no secrets; other exceptions' messages may echo a URL, so only their type. */
    private static String describe(Throwable e) {
        return e instanceof SaasConnectException ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static ConnectFlowException unknownState(String registration) {
        return refused(
                ConnectFailure.STATE_UNKNOWN,
                registration,
                null,
                null,
                "the state is unknown or was already used; start the connection again");
    }

    private static ConnectFlowException refused(
            ConnectFailure failure, String registration, ConnectionId id, String returnTo, String message) {
        return new ConnectFlowException(failure, registration, id, returnTo, message, null);
    }

    private String newState() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String newGeneration() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * What a connect wrote.
     *
     * @param connection where (set by {@link #placed})
     * @param account the provider account id that came back, or {@code null} when the provider names none
     * @param replacedRecord with {@link AccountOutcome#REPLACED_ACCOUNT}, the record written over (its grant is
     *     revoked), else {@code null}
     */
    private record WriteOutcome(
            @Nullable ConnectionId connection,
            boolean replaced,
            boolean recovered,
            Set<String> missingScopes,
            AccountOutcome outcome,
            @Nullable String account,
            @Nullable String replacedAccount,
            @Nullable ConnectionRecord replacedRecord,
            boolean replacedGrantRevoked) {

        WriteOutcome(boolean replaced, boolean recovered) {
            this(null, replaced, recovered, Set.of(), AccountOutcome.SAME_ACCOUNT, null, null, null, false);
        }

        WriteOutcome placed(AccountPlacements.Placement target, @Nullable String newAccount) {
            return new WriteOutcome(
                    target.id(),
                    replaced,
                    recovered,
                    missingScopes,
                    target.outcome(),
                    newAccount,
                    target.replacedAccount(),
                    target.outcome() == AccountOutcome.REPLACED_ACCOUNT
                            ? target.current().map(VersionedRecord::record).orElse(null)
                            : null,
                    false);
        }

        WriteOutcome missing(Set<String> scopes) {
            return new WriteOutcome(
                    connection,
                    replaced,
                    recovered,
                    scopes,
                    outcome,
                    account,
                    replacedAccount,
                    replacedRecord,
                    replacedGrantRevoked);
        }

        WriteOutcome revoked(boolean confirmed) {
            return new WriteOutcome(
                    connection, replaced, recovered, missingScopes, outcome, account, replacedAccount, null, confirmed);
        }
    }

    /**
     * A builder of the connect flow for {@code registry}'s registrations: connections written to {@code store},
     * authorizations in progress kept in {@code pending}, codes exchanged through {@code client}. Everything else has
     * a default: no event publisher, the UTC system clock, {@link ConnectSettings#defaults()} and no observations.
     */
    public static Builder builder(
            ProviderRegistry registry, TokenStore store, PendingAuthorizationStore pending, OAuth2TokenClient client) {
        return new Builder(registry, store, pending, client);
    }

    /** Builds a {@link ConnectFlow}; every setting but the four collaborators has a default. */
    public static final class Builder {

        private final ProviderRegistry registry;
        private final TokenStore store;
        private final PendingAuthorizationStore pending;
        private final OAuth2TokenClient client;
        private ApplicationEventPublisher events = event -> {};
        private Clock clock = Clock.systemUTC();
        private ConnectSettings settings = ConnectSettings.defaults();
        private ObservationRegistry observations = ObservationRegistry.NOOP;

        private Builder(
                ProviderRegistry registry,
                TokenStore store,
                PendingAuthorizationStore pending,
                OAuth2TokenClient client) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.store = Objects.requireNonNull(store, "store");
            this.pending = Objects.requireNonNull(pending, "pending");
            this.client = Objects.requireNonNull(client, "client");
        }

        /** Where connected, recovered and disconnected events go (the token manager listens to them). */
        public Builder events(ApplicationEventPublisher events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** The time source for state lifetimes and connection timestamps. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** State lifetime, return-address policy and write attempts. */
        public Builder settings(ConnectSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Where code exchanges and store operations are observed ({@link ObservationRegistry#NOOP}: nowhere). */
        public Builder observations(ObservationRegistry observations) {
            this.observations = Objects.requireNonNull(observations, "observations");
            return this;
        }

        public ConnectFlow build() {
            return new ConnectFlow(this);
        }
    }
}
