package io.github.saasconnect.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything a registration's provider is: endpoints and formats as data, and its quirks as small strategies
 * ({@link TokenErrorClassifier}, {@link AccountDiscovery}, {@link TokenRevoker}, {@link ApiBaseUriResolver},
 * {@link RateLimitSignals}, {@link PagingStyle}, {@link AppTokenMinter}) that default to the standards-compliant behaviour. A provider type
 * builds one per registration with {@link #builder(String)}; the token client, the connect flow and the authorized
 * clients read it and know no provider by name.
 */
public final class ProviderDescriptor {

    private final String type;
    private final URI authorizationUri;
    private final URI tokenUri;
    private final URI revocationUri;
    private final URI apiBaseUri;
    private final Set<String> apiHosts;
    private final ClientAuthentication clientAuthentication;
    private final String requestScopeDelimiter;
    private final String responseScopeDelimiter;
    private final List<String> requiredScopes;
    private final Map<String, String> authorizationParameters;
    private final Map<String, String> tokenParameters;
    private final boolean pkce;
    private final RefreshTokenRotation rotation;
    private final RefreshTokenLifetime refreshTokenLifetime;
    private final Duration defaultAccessTokenLifetime;
    private final TokenErrorClassifier errorClassifier;
    private final AccountDiscovery accountDiscovery;
    private final TokenRevoker revoker;
    private final ApiBaseUriResolver apiBaseUriResolver;
    private final RateLimitSignals rateLimitSignals;
    private final PagingStyle pagingStyle;
    private final AppTokenMinter appTokenMinter;
    private final IdTokenRules idTokenRules;
    private final AccountIdentity accountIdentity;

    private ProviderDescriptor(Builder b) {
        this.type = Objects.requireNonNull(b.type, "type");
        this.authorizationUri = Objects.requireNonNull(b.authorizationUri, "authorizationUri");
        this.tokenUri = Objects.requireNonNull(b.tokenUri, "tokenUri");
        this.revocationUri = b.revocationUri;
        this.apiBaseUri = b.apiBaseUri;
        this.apiHosts = b.apiHosts.stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.clientAuthentication = Objects.requireNonNull(b.clientAuthentication, "clientAuthentication");
        this.requestScopeDelimiter = Objects.requireNonNull(b.requestScopeDelimiter, "requestScopeDelimiter");
        this.responseScopeDelimiter = Objects.requireNonNull(b.responseScopeDelimiter, "responseScopeDelimiter");
        this.requiredScopes = List.copyOf(b.requiredScopes);
        this.authorizationParameters = Map.copyOf(b.authorizationParameters);
        this.tokenParameters = Map.copyOf(b.tokenParameters);
        this.pkce = b.pkce;
        this.rotation = Objects.requireNonNull(b.rotation, "rotation");
        this.refreshTokenLifetime = Objects.requireNonNull(b.refreshTokenLifetime, "refreshTokenLifetime");
        this.defaultAccessTokenLifetime = b.defaultAccessTokenLifetime;
        this.errorClassifier = Objects.requireNonNull(b.errorClassifier, "errorClassifier");
        this.accountDiscovery = Objects.requireNonNull(b.accountDiscovery, "accountDiscovery");
        this.revoker = Objects.requireNonNull(b.revoker, "revoker");
        this.apiBaseUriResolver = Objects.requireNonNull(b.apiBaseUriResolver, "apiBaseUriResolver");
        this.rateLimitSignals = Objects.requireNonNull(b.rateLimitSignals, "rateLimitSignals");
        this.pagingStyle = Objects.requireNonNull(b.pagingStyle, "pagingStyle");
        this.appTokenMinter = Objects.requireNonNull(b.appTokenMinter, "appTokenMinter");
        this.idTokenRules = Objects.requireNonNull(b.idTokenRules, "idTokenRules");
        this.accountIdentity = Objects.requireNonNull(b.accountIdentity, "accountIdentity");
    }

    /**
     * A builder for a provider of type {@code type}, with the standard defaults: HTTP Basic client authentication,
     * space-delimited scopes, PKCE, strict rotation (the safe assumption), no known refresh-token lifetime, RFC 6749
     * error codes, no discovery, RFC 7009 revocation, one API base URL, {@code Retry-After} rate limits,
     * {@code Link} header paging and no app tokens.
     */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** A builder holding this descriptor's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(type)
                .authorizationUri(authorizationUri)
                .tokenUri(tokenUri)
                .revocationUri(revocationUri)
                .apiBaseUri(apiBaseUri)
                .apiHosts(apiHosts)
                .clientAuthentication(clientAuthentication)
                .scopeDelimiters(requestScopeDelimiter, responseScopeDelimiter)
                .requiredScopes(requiredScopes)
                .authorizationParameters(authorizationParameters)
                .tokenParameters(tokenParameters)
                .pkce(pkce)
                .rotation(rotation)
                .refreshTokenLifetime(refreshTokenLifetime)
                .defaultAccessTokenLifetime(defaultAccessTokenLifetime)
                .errorClassifier(errorClassifier)
                .accountDiscovery(accountDiscovery)
                .revoker(revoker)
                .apiBaseUriResolver(apiBaseUriResolver)
                .rateLimitSignals(rateLimitSignals)
                .pagingStyle(pagingStyle)
                .appTokenMinter(appTokenMinter)
                .idTokenRules(idTokenRules)
                .accountIdentity(accountIdentity);
    }

    /** The provider type named in configuration ({@code github}, {@code oauth2} ...). */
    public String type() {
        return type;
    }

    /** The authorization endpoint. */
    public URI authorizationUri() {
        return authorizationUri;
    }

    /** The token endpoint. */
    public URI tokenUri() {
        return tokenUri;
    }

    /** The RFC 7009 revocation endpoint, or {@code null} when the provider has none. */
    public URI revocationUri() {
        return revocationUri;
    }

    /** The base URL of the provider's API, or {@code null}. */
    public URI apiBaseUri() {
        return apiBaseUri;
    }

    /**
     * Hosts besides the API base URL's own that a connection's token may be sent to in an absolute URL (GitHub's
     * {@code uploads.github.com}), lower case; same scheme and port as the API base URL. Empty by default: a token
     * goes to the API's own host only.
     */
    public Set<String> apiHosts() {
        return apiHosts;
    }

    /** How the client authenticates at the token endpoint. */
    public ClientAuthentication clientAuthentication() {
        return clientAuthentication;
    }

    /** Joins scopes in the authorization request (normally a space). */
    public String requestScopeDelimiter() {
        return requestScopeDelimiter;
    }

    /** A regular expression that splits the granted {@code scope} of token responses. */
    public String responseScopeDelimiter() {
        return responseScopeDelimiter;
    }

    /** Scopes always requested, whatever the configuration says ({@code offline_access}). */
    public List<String> requiredScopes() {
        return requiredScopes;
    }

    /** Extra authorization request parameters ({@code access_type=offline}). */
    public Map<String, String> authorizationParameters() {
        return authorizationParameters;
    }

    /** Extra parameters of every token request, code exchange and refresh alike ({@code audience}). */
    public Map<String, String> tokenParameters() {
        return tokenParameters;
    }

    /** Whether to send a PKCE S256 challenge. */
    public boolean pkce() {
        return pkce;
    }

    /** What the provider does with a used refresh token. */
    public RefreshTokenRotation rotation() {
        return rotation;
    }

    /** The refresh-token lifetime policy, for keep-alive. */
    public RefreshTokenLifetime refreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    /** The lifetime to assume when {@code expires_in} is absent, or {@code null} for tokens that do not expire. */
    public Duration defaultAccessTokenLifetime() {
        return defaultAccessTokenLifetime;
    }

    /** Turns token-endpoint errors into typed failures. */
    public TokenErrorClassifier errorClassifier() {
        return errorClassifier;
    }

    /** Finds account facts after a code exchange. */
    public AccountDiscovery accountDiscovery() {
        return accountDiscovery;
    }

    /** Revokes a grant on disconnect. */
    public TokenRevoker revoker() {
        return revoker;
    }

    /** The API base URL of a connection. */
    public ApiBaseUriResolver apiBaseUriResolver() {
        return apiBaseUriResolver;
    }

    /** How the API signals rate limits. */
    public RateLimitSignals rateLimitSignals() {
        return rateLimitSignals;
    }

    /** How the API's lists page. */
    public PagingStyle pagingStyle() {
        return pagingStyle;
    }

    /** Mints tokens for app connections; {@link AppTokenMinter#NONE} when the registration has no app credentials. */
    public AppTokenMinter appTokenMinter() {
        return appTokenMinter;
    }

    /** How the ID token of a code exchange is checked ({@link IdTokenRules#CLAIMS_ONLY} by default). */
    public IdTokenRules idTokenRules() {
        return idTokenRules;
    }

    /** Which connection attributes name the provider account ({@link AccountIdentity#NONE} by default). */
    public AccountIdentity accountIdentity() {
        return accountIdentity;
    }

    @Override
    public String toString() {
        return "ProviderDescriptor[type=" + type + ", tokenUri=" + tokenUri + ", apiBaseUri=" + apiBaseUri
                + ", rotation=" + rotation + ", paging=" + pagingStyle + ", rateLimits=" + rateLimitSignals + "]";
    }

    /** Builds a {@link ProviderDescriptor}; endpoints are required, everything else has the standard default. */
    public static final class Builder {

        private final String type;
        private URI authorizationUri;
        private URI tokenUri;
        private URI revocationUri;
        private URI apiBaseUri;
        private Set<String> apiHosts = Set.of();
        private ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;
        private String requestScopeDelimiter = " ";
        private String responseScopeDelimiter = " ";
        private List<String> requiredScopes = List.of();
        private Map<String, String> authorizationParameters = Map.of();
        private Map<String, String> tokenParameters = Map.of();
        private boolean pkce = true;
        private RefreshTokenRotation rotation = RefreshTokenRotation.STRICT;
        private RefreshTokenLifetime refreshTokenLifetime = RefreshTokenLifetime.UNKNOWN;
        private Duration defaultAccessTokenLifetime;
        private TokenErrorClassifier errorClassifier = TokenErrorClassifier.STANDARD;
        private AccountDiscovery accountDiscovery = AccountDiscovery.NONE;
        private TokenRevoker revoker = TokenRevoker.RFC_7009;
        private ApiBaseUriResolver apiBaseUriResolver = ApiBaseUriResolver.PER_REGISTRATION;
        private RateLimitSignals rateLimitSignals = RateLimitSignals.RETRY_AFTER;
        private PagingStyle pagingStyle = PagingStyle.LINK_HEADER;
        private AppTokenMinter appTokenMinter = AppTokenMinter.NONE;
        private IdTokenRules idTokenRules = IdTokenRules.CLAIMS_ONLY;
        private AccountIdentity accountIdentity = AccountIdentity.NONE;

        private Builder(String type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder authorizationUri(URI value) {
            this.authorizationUri = value;
            return this;
        }

        public Builder tokenUri(URI value) {
            this.tokenUri = value;
            return this;
        }

        public Builder revocationUri(URI value) {
            this.revocationUri = value;
            return this;
        }

        public Builder apiBaseUri(URI value) {
            this.apiBaseUri = value;
            return this;
        }

        /** Hosts besides the API base URL's own that tokens may go to ({@link ProviderDescriptor#apiHosts()}). */
        public Builder apiHosts(Collection<String> value) {
            this.apiHosts = Set.copyOf(Objects.requireNonNull(value, "apiHosts"));
            return this;
        }

        public Builder clientAuthentication(ClientAuthentication value) {
            this.clientAuthentication = value;
            return this;
        }

        /**
         * @param request joins scopes in the authorization request
         * @param response a regular expression splitting the granted {@code scope} of token responses
         */
        public Builder scopeDelimiters(String request, String response) {
            this.requestScopeDelimiter = request;
            this.responseScopeDelimiter = response;
            return this;
        }

        public Builder requiredScopes(List<String> value) {
            this.requiredScopes = value;
            return this;
        }

        public Builder authorizationParameters(Map<String, String> value) {
            this.authorizationParameters = value;
            return this;
        }

        public Builder tokenParameters(Map<String, String> value) {
            this.tokenParameters = value;
            return this;
        }

        public Builder pkce(boolean value) {
            this.pkce = value;
            return this;
        }

        public Builder rotation(RefreshTokenRotation value) {
            this.rotation = value;
            return this;
        }

        public Builder refreshTokenLifetime(RefreshTokenLifetime value) {
            this.refreshTokenLifetime = value;
            return this;
        }

        /** The access-token lifetime to assume when {@code expires_in} is absent; {@code null}: they do not expire. */
        public Builder defaultAccessTokenLifetime(Duration value) {
            this.defaultAccessTokenLifetime = value;
            return this;
        }

        public Builder errorClassifier(TokenErrorClassifier value) {
            this.errorClassifier = value;
            return this;
        }

        public Builder accountDiscovery(AccountDiscovery value) {
            this.accountDiscovery = value;
            return this;
        }

        public Builder revoker(TokenRevoker value) {
            this.revoker = value;
            return this;
        }

        public Builder apiBaseUriResolver(ApiBaseUriResolver value) {
            this.apiBaseUriResolver = value;
            return this;
        }

        public Builder rateLimitSignals(RateLimitSignals value) {
            this.rateLimitSignals = value;
            return this;
        }

        public Builder pagingStyle(PagingStyle value) {
            this.pagingStyle = value;
            return this;
        }

        public Builder appTokenMinter(AppTokenMinter value) {
            this.appTokenMinter = value;
            return this;
        }

        /** How the ID token of a code exchange is checked: the expected issuer and where the signing keys are. */
        public Builder idTokenRules(IdTokenRules value) {
            this.idTokenRules = value;
            return this;
        }

        /** Which connection attributes name the provider account. */
        public Builder accountIdentity(AccountIdentity value) {
            this.accountIdentity = value;
            return this;
        }

        /** The descriptor; fails naming the first missing required value. */
        public ProviderDescriptor build() {
            return new ProviderDescriptor(this);
        }
    }
}
