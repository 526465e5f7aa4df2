package io.github.saasconnect.store.vault.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Vault token store, under {@code saas-connect.store.vault} (used when {@code saas-connect.store.type=vault}).
 * Without {@code uri} the store uses the application's Spring Vault client (Spring Cloud Vault makes one); with
 * {@code uri} it builds its own from these settings.
 */
@ConfigurationProperties("saas-connect.store.vault")
public class SaasConnectVaultStoreProperties {

    /** How the store's own client logs in to Vault. */
    public enum Authentication {
        /** A Vault token ({@code token}). */
        TOKEN,
        /** AppRole login ({@code app-role.role-id}, {@code app-role.secret-id}). */
        APPROLE,
        /** Kubernetes service-account login ({@code kubernetes.role}). */
        KUBERNETES
    }

    /**
     * Vault's address, such as https://vault.example.com:8200. When set, the store builds its own client from
     * these settings; when unset, it uses the application's VaultOperations or ReactiveVaultOperations bean.
     */
    private URI uri;

    /** How the store's own client logs in: token, approle or kubernetes. */
    private Authentication authentication = Authentication.TOKEN;

    /** The Vault token, for token authentication. */
    private String token;

    /** The Vault Enterprise namespace to send with every request (X-Vault-Namespace), if any. */
    private String namespace;

    /** The KV version 2 secrets engine mount that holds the connections. */
    private String mount = "secret";

    /** The folder inside the mount; connections live at {mount}/data/{prefix}/{registration}/{key}. */
    private String prefix = "saas-connect/connections";

    /** How many versions of each connection Vault keeps (at least 2); older refresh tokens are pruned. */
    private int maxVersions = 2;

    /** Connect timeout of the store's own client. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Read timeout of the store's own client. */
    private Duration readTimeout = Duration.ofSeconds(15);

    /** The most one Vault request may take; a write that takes longer is settled by reading it back. */
    private Duration requestTimeout = Duration.ofSeconds(10);

    /** AppRole login settings. */
    private final AppRole appRole = new AppRole();

    /** Kubernetes login settings. */
    private final Kubernetes kubernetes = new Kubernetes();

    /**
     * Base64 of at least 32 random bytes that key the names of connections in Vault (an HMAC of registration and
     * owner), so that LIST, which Vault does not filter by policy, cannot confirm a guessed owner id. Every instance
     * needs the same value; keep it like a credential. Unset: the unkeyed SHA-256 names of earlier versions.
     */
    private String ownerDigestSecret;

    /**
     * Whether a start with owner-digest-secret set may move connections named by earlier versions (unkeyed SHA-256)
     * to their keyed paths. Stop instances of earlier versions first; when false and some exist, startup stops.
     */
    private boolean migrateOwnerDigests;

    /**
     * Whether plain http to a Vault on another host is accepted (with a WARN at startup); only where the network
     * itself encrypts (a service mesh with mTLS). Otherwise such a uri stops startup.
     */
    private boolean allowInsecureHttp;

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    /** Retries of reads, and of writes Vault turned away (429, 503). */
    private final Retry retry = new Retry();

    /** The store's own circuit breaker, separate from the providers'. */
    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    public String getOwnerDigestSecret() {
        return ownerDigestSecret;
    }

    public void setOwnerDigestSecret(String ownerDigestSecret) {
        this.ownerDigestSecret = ownerDigestSecret;
    }

    public boolean isMigrateOwnerDigests() {
        return migrateOwnerDigests;
    }

    public void setMigrateOwnerDigests(boolean migrateOwnerDigests) {
        this.migrateOwnerDigests = migrateOwnerDigests;
    }

    public URI getUri() {
        return uri;
    }

    public void setUri(URI uri) {
        this.uri = uri;
    }

    public Authentication getAuthentication() {
        return authentication;
    }

    public void setAuthentication(Authentication authentication) {
        this.authentication = authentication;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getMount() {
        return mount;
    }

    public void setMount(String mount) {
        this.mount = mount;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public int getMaxVersions() {
        return maxVersions;
    }

    public void setMaxVersions(int maxVersions) {
        this.maxVersions = maxVersions;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public AppRole getAppRole() {
        return appRole;
    }

    public Kubernetes getKubernetes() {
        return kubernetes;
    }

    public Retry getRetry() {
        return retry;
    }

    public CircuitBreaker getCircuitBreaker() {
        return circuitBreaker;
    }

    /** TLS trust for the store's own client (uri=https://...). */
    private final Ssl ssl = new Ssl();

    /** Vault Transit: wrapping the store's data keys, and signing app JWTs (private-key.ref=vault-transit:...). */
    private final Transit transit = new Transit();

    public Ssl getSsl() {
        return ssl;
    }

    public Transit getTransit() {
        return transit;
    }

    /** TLS of the store's own client. */
    public static class Ssl {

        /**
         * The name of a Spring Boot SSL bundle (spring.ssl.bundle.pem.<name>.truststore.certificate or
         * spring.ssl.bundle.jks.<name>.truststore.location) whose trust material verifies Vault's certificate (and
         * whose key, if any, is the client certificate). Unset: the JVM's default trust store.
         */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** Vault Transit settings. */
    public static class Transit {

        /** The Transit mount. */
        private String mount = "transit";

        /**
         * The Transit key (aes256-gcm96, created with derived=true) that wraps the data key of every stored record:
         * the JDBC store's records, and the token fields of the Vault store's secrets. Unset: no Transit wrapping.
         */
        private String wrappingKey;

        /** How often the wrapping key's latest version is read, so re-encryption follows a rotation. */
        private Duration versionCheckInterval = Duration.ofMinutes(5);

        public String getMount() {
            return mount;
        }

        public void setMount(String mount) {
            this.mount = mount;
        }

        public String getWrappingKey() {
            return wrappingKey;
        }

        public void setWrappingKey(String wrappingKey) {
            this.wrappingKey = wrappingKey;
        }

        public Duration getVersionCheckInterval() {
            return versionCheckInterval;
        }

        public void setVersionCheckInterval(Duration versionCheckInterval) {
            this.versionCheckInterval = versionCheckInterval;
        }
    }

    /** AppRole login. */
    public static class AppRole {

        /** The mount path of the AppRole auth method. */
        private String path = "approle";

        /** The role id. */
        private String roleId;

        /** The secret id. */
        private String secretId;

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getRoleId() {
            return roleId;
        }

        public void setRoleId(String roleId) {
            this.roleId = roleId;
        }

        public String getSecretId() {
            return secretId;
        }

        public void setSecretId(String secretId) {
            this.secretId = secretId;
        }
    }

    /** Kubernetes service-account login. */
    public static class Kubernetes {

        /** The mount path of the Kubernetes auth method. */
        private String path = "kubernetes";

        /** The Vault role bound to the pod's service account. */
        private String role;

        /** The service-account token (JWT) file, read at every login. */
        private Path serviceAccountTokenFile = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }

        public Path getServiceAccountTokenFile() {
            return serviceAccountTokenFile;
        }

        public void setServiceAccountTokenFile(Path serviceAccountTokenFile) {
            this.serviceAccountTokenFile = serviceAccountTokenFile;
        }
    }

    /** Store retries. */
    public static class Retry {

        /** Attempts per read (and per write Vault turned away), including the first. */
        private int maxAttempts = 3;

        /** Wait before the first retry; grows by backoff-multiplier with each retry, with jitter. */
        private Duration initialBackoff = Duration.ofMillis(100);

        /** Growth of the wait per retry. */
        private double backoffMultiplier = 2.0;

        /** The longest wait between retries. */
        private Duration maxBackoff = Duration.ofSeconds(2);

        /** The longest Retry-After the store honours. */
        private Duration maxRetryAfter = Duration.ofSeconds(5);

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
    }

    /** The store's circuit breaker; it counts only store-unavailable failures. */
    public static class CircuitBreaker {

        /** Failure rate, in percent, at which the breaker opens. */
        private float failureRateThreshold = 50;

        /** How many recent calls the failure rate is computed over. */
        private int slidingWindowSize = 20;

        /** The fewest calls before the failure rate counts. */
        private int minimumNumberOfCalls = 10;

        /** How long the breaker stays open before letting a few calls through. */
        private Duration waitInOpenState = Duration.ofSeconds(5);

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
    }
}
