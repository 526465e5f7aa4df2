package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.provider.AccountPolicy;
import io.github.saasconnect.provider.ClientAuthentication;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/** Configuration of SaaS Connect, under {@code saas-connect}. */
@ConfigurationProperties("saas-connect")
public class SaasConnectProperties {

    /** Whether SaaS Connect is configured at all. */
    private boolean enabled = true;

    /** Where connections and their refresh tokens are kept. */
    private final Store store = new Store();

    /** How access tokens are cached and refreshed. */
    private final Token token = new Token();

    /** Retries, circuit breaker and bulkhead around token requests, per registration. */
    private final Resilience resilience = new Resilience();

    /** Registrations by id: one entry per OAuth client at a provider. */
    private Map<String, Provider> providers = new LinkedHashMap<>();

    /** How SaaS Connect's log lines name connections. */
    private final Logging logging = new Logging();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Store getStore() {
        return store;
    }

    public Token getToken() {
        return token;
    }

    public Resilience getResilience() {
        return resilience;
    }

    public Map<String, Provider> getProviders() {
        return providers;
    }

    public Logging getLogging() {
        return logging;
    }

    public void setProviders(Map<String, Provider> providers) {
        this.providers = providers;
    }

    /** How log lines name connections. */
    public static class Logging {

        /**
         * How INFO and WARN log lines show a connection's owner id, which is personal data: digest (the registration
         * and a 12-hex-digit keyed digest of the owner, the default) or plain (the owner id as it is).
         */
        private OwnerIds.Mode ownerIds = OwnerIds.Mode.DIGEST;

        /**
         * The key of the owner digests (at least 16 characters); set the same on every instance to get the same
         * digest for an owner everywhere. Unset: a random key per process.
         */
        private String ownerDigestKey;

        public OwnerIds.Mode getOwnerIds() {
            return ownerIds;
        }

        public void setOwnerIds(OwnerIds.Mode ownerIds) {
            this.ownerIds = ownerIds;
        }

        public String getOwnerDigestKey() {
            return ownerDigestKey;
        }

        public void setOwnerDigestKey(String ownerDigestKey) {
            this.ownerDigestKey = ownerDigestKey;
        }
    }

    /** The kinds of token store. */
    public enum StoreType {
        /** Encrypted files on local disk: the embedded default, for one instance. */
        FILE,
        /** HashiCorp Vault KV v2: for production and several instances. Needs saas-connect-vault. */
        VAULT,
        /** A database through the application's DataSource (PostgreSQL, H2): several instances. Needs saas-connect-jdbc. */
        JDBC,
        /** Memory only, lost on restart: for tests. */
        MEMORY
    }

    /** Token store settings. */
    public static class Store {

        /**
         * The store to use: file (embedded default), vault (with saas-connect-vault), jdbc (with saas-connect-jdbc),
         * or memory (tests only).
         */
        private StoreType type = StoreType.FILE;

        /** Settings of the embedded file store. */
        private final File file = new File();

        /**
         * How long the store's health (a probe read and, for Vault, sys/health) is reused before the store is asked
         * again, so that a frequently polled (often public) health endpoint does not load the store; 0 asks every time.
         */
        private Duration healthCacheTtl = Duration.ofSeconds(5);

        public Duration getHealthCacheTtl() {
            return healthCacheTtl;
        }

        public void setHealthCacheTtl(Duration healthCacheTtl) {
            this.healthCacheTtl = healthCacheTtl;
        }

        public StoreType getType() {
            return type;
        }

        public void setType(StoreType type) {
            this.type = type;
        }

        public File getFile() {
            return file;
        }
    }

    /** Embedded file store settings. */
    public static class File {

        /** Directory holding one encrypted file per connection; one process per directory. */
        private Path directory = Path.of(".saas-connect", "tokens");

        /** Base64 of a 32-byte AES-256 key; when unset, the key file is used (and created if absent). */
        private String key;

        /** File holding the AES-256 key, created with owner-only permissions when absent; defaults to store.key beside the directory. */
        private Path keyFile;

        /**
         * Whether a directory written by an earlier version has its records renamed from unkeyed SHA-256 names to
         * names keyed with a secret derived from the key, on first start. When false and the directory needs it,
         * startup stops.
         */
        private boolean migrateNames = true;

        /**
         * Key-encryption keys that wrap each record's data key. When none is set, the store key (key or key-file)
         * wraps them; the store key keeps naming the files and still opens what it sealed, so a keyring can be added
         * to an existing directory.
         */
        private final KeyringProperties keyring = new KeyringProperties();

        /** Moving records to the active key (and files of earlier versions to the current format) in the background. */
        private final ReEncryptionProperties reEncryption = new ReEncryptionProperties();

        public KeyringProperties getKeyring() {
            return keyring;
        }

        public ReEncryptionProperties getReEncryption() {
            return reEncryption;
        }

        public boolean isMigrateNames() {
            return migrateNames;
        }

        public void setMigrateNames(boolean migrateNames) {
            this.migrateNames = migrateNames;
        }

        public Path getDirectory() {
            return directory;
        }

        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public Path getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(Path keyFile) {
            this.keyFile = keyFile;
        }
    }

    /** Token handling settings. */
    public static class Token {

        /** Names this instance in refresh leases; defaults to pid@host/random, the host taken from HOSTNAME. */
        private String instanceId;

        /** How long a refresh lease excludes other instances; a crashed holder is taken over after this. */
        private Duration leaseDuration = Duration.ofSeconds(30);

        /** How often a caller waiting for another instance's refresh looks again. */
        private Duration leasePollInterval = Duration.ofMillis(100);

        /** How long a caller waits on other instances' refresh leases in all before it fails as transient; keep it above lease-duration. */
        private Duration leaseWait = Duration.ofSeconds(60);

        /** The most a token request may take before it counts as timed out. */
        private Duration requestTimeout = Duration.ofSeconds(10);

        /** The most a blocking caller waits for a token. */
        private Duration blockingTimeout = Duration.ofSeconds(60);

        /** Writing again refreshed token sets the store refused; they continue until the write lands. */
        private final PendingWrites pendingWrites = new PendingWrites();

        /**
         * At shutdown, the most the token manager waits for refreshes in flight to store their results and for
         * refreshed tokens the store refused to be written; meanwhile it starts no new refresh. Runs after the web
         * server's graceful shutdown, so the two add up against the platform's kill timeout.
         */
        private Duration shutdownGracePeriod = Duration.ofSeconds(30);

        public String getInstanceId() {
            return instanceId;
        }

        public void setInstanceId(String instanceId) {
            this.instanceId = instanceId;
        }

        public Duration getLeaseDuration() {
            return leaseDuration;
        }

        public void setLeaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
        }

        public Duration getLeasePollInterval() {
            return leasePollInterval;
        }

        public void setLeasePollInterval(Duration leasePollInterval) {
            this.leasePollInterval = leasePollInterval;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public Duration getBlockingTimeout() {
            return blockingTimeout;
        }

        public void setBlockingTimeout(Duration blockingTimeout) {
            this.blockingTimeout = blockingTimeout;
        }

        public PendingWrites getPendingWrites() {
            return pendingWrites;
        }

        public Duration getLeaseWait() {
            return leaseWait;
        }

        public void setLeaseWait(Duration leaseWait) {
            this.leaseWait = leaseWait;
        }

        public Duration getShutdownGracePeriod() {
            return shutdownGracePeriod;
        }

        public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
            this.shutdownGracePeriod = shutdownGracePeriod;
        }
    }

    /** Waits between writes of refreshed token sets the store refused, under {@code saas-connect.token.pending-writes}. */
    public static class PendingWrites {

        /** First wait before writing again. */
        private Duration initialBackoff = Duration.ofMillis(500);

        /** Growth of the wait per attempt. */
        private double backoffMultiplier = 2.0;

        /** Longest wait between writes. */
        private Duration maxBackoff = Duration.ofSeconds(30);

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public double getBackoffMultiplier() {
            return backoffMultiplier;
        }

        public void setBackoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /** Resilience settings for token requests. */
    public static class Resilience {

        /** Attempts per refresh, the first included (transient and rate-limited failures only). */
        private int maxAttempts = 3;

        /** First wait between attempts; grows exponentially with jitter. */
        private Duration initialBackoff = Duration.ofMillis(200);

        /** Growth of the wait per attempt. */
        private double backoffMultiplier = 2.0;

        /** Longest wait between attempts. */
        private Duration maxBackoff = Duration.ofSeconds(5);

        /** Longest Retry-After honoured; a longer one fails the call as rate limited. */
        private Duration maxRetryAfter = Duration.ofSeconds(30);

        /** Failure percentage that opens a registration's circuit breakers (token endpoint, API), each on its own. */
        private float failureRateThreshold = 50f;

        /** Calls (one outcome each, retries included) a circuit breaker looks back on. */
        private int slidingWindowSize = 20;

        /** Calls needed before the circuit breaker judges. */
        private int minimumNumberOfCalls = 10;

        /** How long an open circuit breaker refuses token requests (or API calls). */
        private Duration waitInOpenState = Duration.ofSeconds(30);

        /** Concurrent refreshes per registration; more fail at once, unrecorded by the circuit breaker. */
        private int maxConcurrentRefreshes = 64;

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public double getBackoffMultiplier() {
            return backoffMultiplier;
        }

        public void setBackoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }

        public float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public int getSlidingWindowSize() {
            return slidingWindowSize;
        }

        public void setSlidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        public int getMinimumNumberOfCalls() {
            return minimumNumberOfCalls;
        }

        public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
        }

        public Duration getWaitInOpenState() {
            return waitInOpenState;
        }

        public void setWaitInOpenState(Duration waitInOpenState) {
            this.waitInOpenState = waitInOpenState;
        }

        public int getMaxConcurrentRefreshes() {
            return maxConcurrentRefreshes;
        }

        public void setMaxConcurrentRefreshes(int maxConcurrentRefreshes) {
            this.maxConcurrentRefreshes = maxConcurrentRefreshes;
        }
    }

    /** One registration: an OAuth client at a provider. */
    public static class Provider {

        /** Provider type: google, microsoft, github, docusign, bitbucket, or oauth2 (generic). */
        private String type;

        /** OAuth client id issued by the provider. */
        private String clientId;

        /** OAuth client secret issued by the provider; never logged. */
        private String clientSecret;

        /** Scopes to request; provider-required scopes (such as offline_access) are added. */
        private List<String> scopes = new ArrayList<>();

        /**
         * Scopes a connect may ask for on top of {@code scopes} (incremental consent: the connect endpoint's
         * {@code scope} parameters, ConnectFlow.start with scopes); any other scope is refused.
         */
        private List<String> optionalScopes = new ArrayList<>();

        /**
         * How many provider accounts one owner may connect: single (one connection per owner, the default) or
         * multiple (each provider account its own connection: a second GitHub account of the same user is a second
         * connection, refreshed, listed and disconnected on its own).
         */
        private AccountPolicy.Accounts accounts = AccountPolicy.Accounts.SINGLE;

        /**
         * With accounts single: what a reconnect that comes back as a different provider account does. refuse (the
         * default): the connection stays, the callback returns connect_error=account_changed. replace: the new
         * account's tokens replace the connection and the replaced grant is revoked at the provider where it can be.
         */
        private AccountPolicy.OnAccountChange onAccountChange;

        /** Redirect URI registered at the provider; derived from the callback endpoint when unset. */
        private URI redirectUri;

        /** Authorization endpoint; required for type oauth2, overrides the default otherwise. */
        private URI authorizationUri;

        /** Token endpoint; required for type oauth2, overrides the default otherwise. */
        private URI tokenUri;

        /** RFC 7009 revocation endpoint, when the provider has one. */
        private URI revocationUri;

        /** Base URL of the provider's API for the authorized clients. */
        private URI apiBaseUri;

        /**
         * Hosts besides the API base URL's own that a connection's token may be sent to in an absolute URL, added to
         * the provider's own (GitHub: uploads.github.com). Same scheme and port as the API base URL.
         */
        private List<String> apiHosts = new ArrayList<>();

        /** Client authentication at the token endpoint; defaults to what the provider documents. */
        private ClientAuthentication clientAuthentication;

        /** Whether to send a PKCE S256 challenge; defaults to what the provider supports. */
        private Boolean pkce;

        /** Extra authorization request parameters, added to the provider's own. */
        private Map<String, String> authorizationParameters = new LinkedHashMap<>();

        /** Refresh this long before the access token expires. */
        private Duration refreshSkew = Duration.ofSeconds(60);

        /**
         * Provider-specific options, as the provider type declares them (Microsoft tenant and cloud, GitHub app-type,
         * DocuSign environment, Google publishing-status, oauth2 paging and rate-limit ...).
         */
        private Map<String, String> options = new LinkedHashMap<>();

        /**
         * Id of a Spring Security client registration (spring.security.oauth2.client.registration.&lt;id&gt;) whose
         * client id, secret, scopes and endpoints this registration uses instead of its own; needs
         * saas-connect-spring-security.
         */
        private String fromSpringSecurity;

        /**
         * What the registration acts as the app with (client credentials, a GitHub App, a service account, a JWT
         * grant); see "Acting as the app" in the README.
         */
        private final App app = new App();

        public App getApp() {
            return app;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getFromSpringSecurity() {
            return fromSpringSecurity;
        }

        public void setFromSpringSecurity(String fromSpringSecurity) {
            this.fromSpringSecurity = fromSpringSecurity;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        public List<String> getOptionalScopes() {
            return optionalScopes;
        }

        public void setOptionalScopes(List<String> optionalScopes) {
            this.optionalScopes = optionalScopes;
        }

        public AccountPolicy.Accounts getAccounts() {
            return accounts;
        }

        public void setAccounts(AccountPolicy.Accounts accounts) {
            this.accounts = accounts;
        }

        public AccountPolicy.OnAccountChange getOnAccountChange() {
            return onAccountChange;
        }

        public void setOnAccountChange(AccountPolicy.OnAccountChange onAccountChange) {
            this.onAccountChange = onAccountChange;
        }

        public URI getRedirectUri() {
            return redirectUri;
        }

        public void setRedirectUri(URI redirectUri) {
            this.redirectUri = redirectUri;
        }

        public URI getAuthorizationUri() {
            return authorizationUri;
        }

        public void setAuthorizationUri(URI authorizationUri) {
            this.authorizationUri = authorizationUri;
        }

        public URI getTokenUri() {
            return tokenUri;
        }

        public void setTokenUri(URI tokenUri) {
            this.tokenUri = tokenUri;
        }

        public URI getRevocationUri() {
            return revocationUri;
        }

        public void setRevocationUri(URI revocationUri) {
            this.revocationUri = revocationUri;
        }

        public URI getApiBaseUri() {
            return apiBaseUri;
        }

        public void setApiBaseUri(URI apiBaseUri) {
            this.apiBaseUri = apiBaseUri;
        }

        public List<String> getApiHosts() {
            return apiHosts;
        }

        public void setApiHosts(List<String> apiHosts) {
            this.apiHosts = apiHosts;
        }

        public ClientAuthentication getClientAuthentication() {
            return clientAuthentication;
        }

        public void setClientAuthentication(ClientAuthentication clientAuthentication) {
            this.clientAuthentication = clientAuthentication;
        }

        public Boolean getPkce() {
            return pkce;
        }

        public void setPkce(Boolean pkce) {
            this.pkce = pkce;
        }

        public Map<String, String> getAuthorizationParameters() {
            return authorizationParameters;
        }

        public void setAuthorizationParameters(Map<String, String> authorizationParameters) {
            this.authorizationParameters = authorizationParameters;
        }

        public Duration getRefreshSkew() {
            return refreshSkew;
        }

        public void setRefreshSkew(Duration refreshSkew) {
            this.refreshSkew = refreshSkew;
        }

        public Map<String, String> getOptions() {
            return options;
        }

        public void setOptions(Map<String, String> options) {
            this.options = options;
        }
    }

    /** The credentials a registration acts as the app with. */
    public static class App {

        /**
         * Client secrets for client credentials, newest first: one the provider rejects falls back on the next, so a
         * secret rotates without downtime. Never logged.
         */
        private List<String> clientSecrets = new ArrayList<>();

        /** The signing key of the app's JWTs (client assertion, GitHub App JWT, JWT bearer grant). */
        private final PrivateKey privateKey = new PrivateKey();

        /**
         * The X.509 certificate of the signing key as PEM text, where the provider identifies the key by it
         * (Microsoft: the certificate uploaded to the app registration).
         */
        private String certificate;

        /** Instead of certificate: where the PEM certificate is, such as file:/etc/app/cert.pem. */
        private Resource certificateLocation;

        /**
         * Who the app's JWTs are from when it is not the client id: a GitHub App id (or its client id), a service
         * account's e-mail.
         */
        private String issuer;

        /** Scopes of app tokens; unset: the provider's default (Microsoft: the Graph resource's /.default). */
        private List<String> scopes = new ArrayList<>();

        /** Provider-specific settings of app tokens (GitHub: repositories, permissions.<name>). */
        private Map<String, String> parameters = new LinkedHashMap<>();

        public List<String> getClientSecrets() {
            return clientSecrets;
        }

        public void setClientSecrets(List<String> clientSecrets) {
            this.clientSecrets = clientSecrets;
        }

        public PrivateKey getPrivateKey() {
            return privateKey;
        }

        public String getCertificate() {
            return certificate;
        }

        public void setCertificate(String certificate) {
            this.certificate = certificate;
        }

        public Resource getCertificateLocation() {
            return certificateLocation;
        }

        public void setCertificateLocation(Resource certificateLocation) {
            this.certificateLocation = certificateLocation;
        }

        public String getIssuer() {
            return issuer;
        }

        public void setIssuer(String issuer) {
            this.issuer = issuer;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        public Map<String, String> getParameters() {
            return parameters;
        }

        public void setParameters(Map<String, String> parameters) {
            this.parameters = parameters;
        }
    }

    /** Where the app's signing key is; set pem, location or ref. */
    public static class PrivateKey {

        /** The private key as PEM text (PKCS#8 or PKCS#1 RSA). Never logged; prefer location or Vault. */
        private String pem;

        /** Where the PEM private key is, such as file:/etc/app/key.pem. */
        private Resource location;

        /**
         * Instead of pem or location, a key kept outside the configuration: vault-transit:<key-name> (the key signs
         * inside Vault Transit and never enters the application) or vault-kv:<mount>/<path>#<field> (the PEM is
         * read from Vault KV v2 at startup). Needs saas-connect-vault.
         */
        private String ref;

        /** The signing algorithm: RS256 or PS256 (and ES256 with a vault-transit ref). */
        private String algorithm = "RS256";

        public String getRef() {
            return ref;
        }

        public void setRef(String ref) {
            this.ref = ref;
        }

        public String getPem() {
            return pem;
        }

        public void setPem(String pem) {
            this.pem = pem;
        }

        public Resource getLocation() {
            return location;
        }

        public void setLocation(Resource location) {
            this.location = location;
        }

        public String getAlgorithm() {
            return algorithm;
        }

        public void setAlgorithm(String algorithm) {
            this.algorithm = algorithm;
        }
    }
}
