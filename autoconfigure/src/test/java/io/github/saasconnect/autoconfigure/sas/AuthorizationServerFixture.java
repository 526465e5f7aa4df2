package io.github.saasconnect.autoconfigure.sas;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * A real Spring Authorization Server on {@code 127.0.0.1} and a random port, for end to
 * end tests of an OAuth client against a standards-compliant server.
 * <p>
 * It registers one confidential client ({@code client_secret_basic} and
 * {@code client_secret_post}; {@code authorization_code} and {@code refresh_token};
 * scopes {@code openid profile read write}; PKCE and consent required; refresh tokens
 * rotated on every use) and one user, {@value #USERNAME}/{@value #PASSWORD}, who logs in
 * with a form. Drive the login and consent pages with {@link #userAgent()}.
 * <p>
 * Each fixture is its own application context with its own in-memory state; close it to
 * stop the server.
 */
public final class AuthorizationServerFixture implements AutoCloseable {

    /** Username of the in-memory resource owner. */
    public static final String USERNAME = "user";

    /** Password of the in-memory resource owner. */
    public static final String PASSWORD = "password";

    private final ConfigurableApplicationContext context;

    private final URI issuer;

    private final AuthorizationServerSettings endpoints;

    private final RegisteredClient client;

    private final String clientSecret;

    private final TokenEndpointProbe tokenEndpointProbe;

    private final ClientKeys clientKeys;

    private AuthorizationServerFixture(Builder builder) {
        this.clientSecret = builder.clientSecret;
        this.clientKeys = ClientKeys.serve(builder.clientPublicKey);
        this.client = registeredClient(builder, this.clientKeys.url());
        this.tokenEndpointProbe = new TokenEndpointProbe(builder.tokenEndpointLatency);
        UserDetails user = User.withUsername(USERNAME)
                .password("{noop}" + PASSWORD)
                .roles("USER")
                .build();
        this.context = new SpringApplicationBuilder(AuthorizationServerApplication.class)
                .web(WebApplicationType.SERVLET)
                .initializers((applicationContext) -> {
                    applicationContext.getBeanFactory().registerSingleton("registeredClient", this.client);
                    applicationContext.getBeanFactory().registerSingleton("resourceOwner", user);
                    applicationContext
                            .getBeanFactory()
                            .registerSingleton("tokenEndpointProbe", this.tokenEndpointProbe);
                })
                // Command-line arguments outrank system properties and environment variables, so
                // neither SERVER_PORT nor a test's application.properties can move this server.
                .run(
                        "--server.address=127.0.0.1",
                        "--server.port=0",
                        "--server.shutdown=immediate",
                        "--spring.application.name=saas-connect-sas-fixture-" + UUID.randomUUID(),
                        "--spring.config.name=saas-connect-sas-fixture",
                        "--spring.jmx.enabled=false",
                        "--spring.main.banner-mode=off",
                        "--spring.main.log-startup-info=false");
        int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
        this.issuer = URI.create("http://127.0.0.1:" + port);
        this.endpoints = this.context.getBean(AuthorizationServerSettings.class);
    }

    /**
     * Starts a server with the default client: id {@code saas-client}, a random secret,
     * redirect URI {@code http://127.0.0.1/callback}.
     * @return the running server
     */
    public static AuthorizationServerFixture start() {
        return builder().start();
    }

    /**
     * Returns a builder to configure the registered client before starting the server.
     * @return a new builder with defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the issuer, which is also the base URL of every endpoint.
     * @return the issuer, {@code http://127.0.0.1:<port>}
     */
    public URI issuer() {
        return this.issuer;
    }

    /**
     * Returns the base URL of the server; the same as {@link #issuer()}.
     * @return the base URL
     */
    public URI baseUrl() {
        return this.issuer;
    }

    /**
     * Returns the authorization endpoint.
     * @return the authorization endpoint, {@code /oauth2/authorize}
     */
    public URI authorizationEndpoint() {
        return this.issuer.resolve(this.endpoints.getAuthorizationEndpoint());
    }

    /**
     * Returns the token endpoint.
     * @return the token endpoint, {@code /oauth2/token}
     */
    public URI tokenEndpoint() {
        return this.issuer.resolve(this.endpoints.getTokenEndpoint());
    }

    /**
     * Returns the RFC 7009 token revocation endpoint.
     * @return the revocation endpoint, {@code /oauth2/revoke}
     */
    public URI revocationEndpoint() {
        return this.issuer.resolve(this.endpoints.getTokenRevocationEndpoint());
    }

    /**
     * Returns the JWK Set endpoint that publishes the key signing access and ID tokens.
     * @return the JWK Set endpoint, {@code /oauth2/jwks}
     */
    public URI jwkSetEndpoint() {
        return this.issuer.resolve(this.endpoints.getJwkSetEndpoint());
    }

    /**
     * Returns the registered client's id.
     * @return the client id
     */
    public String clientId() {
        return this.client.getClientId();
    }

    /**
     * Returns the registered client's secret in plain text.
     * @return the client secret
     */
    public String clientSecret() {
        return this.clientSecret;
    }

    /**
     * Returns the registered redirect URI. For a loopback IP host the server accepts any
     * port in the authorization request, as OAuth 2.1 asks.
     * @return the redirect URI
     */
    public String redirectUri() {
        return this.client.getRedirectUris().iterator().next();
    }

    /**
     * Returns a new user agent with its own cookies (so its own login session) that logs
     * in as {@value #USERNAME}.
     * @return a new user agent
     */
    public HeadlessUserAgent userAgent() {
        return new HeadlessUserAgent(USERNAME, PASSWORD);
    }

    /**
     * Returns how many {@code POST} requests reached the token endpoint since start or
     * the last {@link #resetTokenRequestCount()}, whatever their outcome.
     * @return the number of token requests
     */
    public int tokenRequestCount() {
        return this.tokenEndpointProbe.requestCount();
    }

    /**
     * Sets the token request count back to zero.
     */
    public void resetTokenRequestCount() {
        this.tokenEndpointProbe.resetRequestCount();
    }

    /**
     * Makes the server wait this long before handling each token request from now on.
     * @param latency the delay, {@link Duration#ZERO} for none
     */
    public void tokenEndpointLatency(Duration latency) {
        this.tokenEndpointProbe.latency(requireNonNegative(latency, "latency"));
    }

    /**
     * Stops the server.
     */
    @Override
    public void close() {
        this.context.close();
        this.clientKeys.close();
    }

    private static RegisteredClient registeredClient(Builder builder, String clientJwkSetUrl) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(builder.clientId)
                // Plain text: BCrypt would add ~100 ms of CPU to every token request.
                .clientSecret("{noop}" + builder.clientSecret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(builder.redirectUri)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope("read")
                .scope("write")
                .clientSettings(ClientSettings.builder()
                        // private_key_jwt: the server fetches the client's public key from here
                        .jwkSetUrl(clientJwkSetUrl)
                        .tokenEndpointAuthenticationSigningAlgorithm(
                                org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256)
                        .requireProofKey(true)
                        .requireAuthorizationConsent(true)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(builder.accessTokenTimeToLive)
                        .refreshTokenTimeToLive(builder.refreshTokenTimeToLive)
                        .reuseRefreshTokens(false)
                        .build())
                .build();
    }

    private static Duration requireNonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
        return duration;
    }

    private static Duration requirePositive(Duration duration, String name) {
        if (requireNonNegative(duration, name).isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * Configures the registered client and the token endpoint before start.
     */
    public static final class Builder {

        private String clientId = "saas-client";

        private String clientSecret = randomSecret();

        private String redirectUri = "http://127.0.0.1/callback";

        private Duration accessTokenTimeToLive = Duration.ofMinutes(5);

        private Duration refreshTokenTimeToLive = Duration.ofHours(1);

        private Duration tokenEndpointLatency = Duration.ZERO;

        private java.security.interfaces.RSAPublicKey clientPublicKey;

        private Builder() {}

        /**
         * Sets the public key of the client's {@code private_key_jwt} assertions, published to the server as the
         * client's JWK Set URL; defaults to none (an empty set: every assertion is refused).
         * @param publicKey the client's RSA public key
         * @return this builder
         */
        public Builder clientPublicKey(java.security.interfaces.RSAPublicKey publicKey) {
            this.clientPublicKey = publicKey;
            return this;
        }

        /**
         * Sets the client id; defaults to {@code saas-client}.
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = requireText(clientId, "clientId");
            return this;
        }

        /**
         * Sets the client secret; defaults to a random one.
         * @param clientSecret the client secret in plain text
         * @return this builder
         */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = requireText(clientSecret, "clientSecret");
            return this;
        }

        /**
         * Sets the only registered redirect URI; defaults to
         * {@code http://127.0.0.1/callback}. The server matches a loopback IP redirect
         * URI on any port; it rejects {@code localhost}.
         * @param redirectUri the redirect URI, without a fragment
         * @return this builder
         */
        public Builder redirectUri(String redirectUri) {
            this.redirectUri = requireText(redirectUri, "redirectUri");
            return this;
        }

        /**
         * Sets how long access tokens live; defaults to 5 minutes.
         * @param timeToLive a positive duration
         * @return this builder
         */
        public Builder accessTokenTimeToLive(Duration timeToLive) {
            this.accessTokenTimeToLive = requirePositive(timeToLive, "accessTokenTimeToLive");
            return this;
        }

        /**
         * Sets how long refresh tokens live; defaults to 1 hour.
         * @param timeToLive a positive duration
         * @return this builder
         */
        public Builder refreshTokenTimeToLive(Duration timeToLive) {
            this.refreshTokenTimeToLive = requirePositive(timeToLive, "refreshTokenTimeToLive");
            return this;
        }

        /**
         * Sets how long the server waits before handling each token request; defaults to
         * none. It can be changed later with
         * {@link AuthorizationServerFixture#tokenEndpointLatency(Duration)}.
         * @param latency the delay
         * @return this builder
         */
        public Builder tokenEndpointLatency(Duration latency) {
            this.tokenEndpointLatency = requireNonNegative(latency, "tokenEndpointLatency");
            return this;
        }

        /**
         * Starts the server; it is listening when this method returns.
         * @return the running server
         */
        public AuthorizationServerFixture start() {
            return new AuthorizationServerFixture(this);
        }

        private static String randomSecret() {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
