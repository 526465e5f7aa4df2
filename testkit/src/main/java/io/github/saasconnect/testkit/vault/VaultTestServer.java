package io.github.saasconnect.testkit.vault;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A HashiCorp Vault KV v2 test server on {@code 127.0.0.1}, for tests that must talk real HTTP to something that
 * behaves like Vault: versions, check-and-set, soft delete and destroy, metadata, unordered lists, a seal switch,
 * token checks, fault injection and a request log. It follows Part B of the project's Vault contract; see
 * {@code testkit/VAULT.md}.
 * <pre>{@code
 * try (VaultTestServer vault = VaultTestServer.start(VaultTestServer.options().token("root").mount("secret"))) {
 *     // point the client at vault.uri() with vault.token()
 *     vault.faults().dropConnectionAfterNextWrite();
 *     assertThat(vault.readCurrent("app/token")).hasValueSatisfying(data -> ...);
 * }
 * }</pre>
 * Thread-safe. Each instance has its own state and its own event loop; nothing is shared between instances.
 */
public final class VaultTestServer implements AutoCloseable {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final Options options;

    private final DisposableServer server;

    private final LoopResources loops;

    private final AtomicBoolean sealed;

    private final Faults faults = new Faults();

    private final RequestLog log = new RequestLog();

    private final Map<String, KvStore> kvMounts;

    private final ReadReplica readReplica;

    private VaultTestServer(Options options) {
        this.options = options;
        this.sealed = new AtomicBoolean(options.sealed);
        Random listOrder = (options.listOrderSeed != null) ? new Random(options.listOrderSeed) : new Random();
        Map<String, KvStore> kv = new LinkedHashMap<>();
        for (String mount : options.kvMounts()) {
            kv.put(mount, new KvStore(options.clock, listOrder));
        }
        this.kvMounts = Collections.unmodifiableMap(kv);
        Map<String, TransitEngine> transit = new LinkedHashMap<>();
        options.transitMounts.forEach((mount) -> transit.put(mount, new TransitEngine(options.clock)));
        TokenRegistry tokens = new TokenRegistry(options.clock);
        tokens.register(options.rootToken, VaultPolicy.root());
        options.tokens.forEach(tokens::register);
        options.periodicTokens.forEach(
                (token, periodic) -> tokens.registerPeriodic(token, periodic.policy(), periodic.period()));
        Map<String, AppRole> appRoles = new LinkedHashMap<>();
        options.appRoles.forEach((role) -> appRoles.put(role.roleId(), role));
        AtomicLong commitIndex = new AtomicLong();
        this.readReplica = new ReadReplica(this.kvMounts, commitIndex);
        VaultRouter router = new VaultRouter(
                options.clock,
                this.sealed,
                options.namespace,
                tokens,
                Map.copyOf(appRoles),
                this.kvMounts,
                Collections.unmodifiableMap(transit),
                commitIndex,
                this.readReplica);
        this.loops = LoopResources.create("vault-test-server", 1, 2, true);
        try {
            HttpServer http = HttpServer.create();
            if (options.tls) {
                http = http.secure(spec -> spec.sslContext(ServerCertificate.sslContext()));
            }
            this.server = http.host("127.0.0.1")
                    .port(0)
                    .runOn(this.loops)
                    .handle(new VaultHttpHandler(router, this.faults, this.log, options.clock))
                    .bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException ex) {
            this.loops.dispose();
            throw ex;
        }
    }

    /** Default options: root token {@code root}, one KV v2 mount {@code secret}, no namespace, system clock. */
    public static Options options() {
        return new Options();
    }

    /** Starts a server with {@linkplain #options() default options}. */
    public static VaultTestServer start() {
        return start(options());
    }

    /** Starts a server; it listens on {@code 127.0.0.1} on a free port when this returns. */
    public static VaultTestServer start(Options options) {
        return new VaultTestServer(Objects.requireNonNull(options, "options must not be null"));
    }

    /**
     * The base address, for example {@code http://127.0.0.1:43127} ({@code https://} with {@link Options#tls});
     * API paths start with {@code /v1/}.
     */
    public URI uri() {
        return URI.create((this.options.tls ? "https" : "http") + "://127.0.0.1:" + port());
    }

    /**
     * The self-signed certificate a server started with {@link Options#tls} presents (for {@code 127.0.0.1} and
     * {@code localhost}), as PEM: what a client must trust.
     */
    public static String tlsCertificatePem() {
        return ServerCertificate.certificatePem();
    }

    /** The port the server listens on. */
    public int port() {
        return this.server.port();
    }

    /** The root token: every capability on every path. */
    public String token() {
        return this.options.rootToken;
    }

    /** The primary KV v2 mount, {@code secret} unless configured otherwise. */
    public String mount() {
        return this.options.mount;
    }

    /** The namespace requests must name, or {@code null} when none is required. */
    public String namespace() {
        return this.options.namespace;
    }

    /** Seals the server: every request except health and seal status now answers 503 {@code Vault is sealed}. */
    public void seal() {
        this.sealed.set(true);
    }

    /** Unseals the server; the stored state is unchanged. */
    public void unseal() {
        this.sealed.set(false);
    }

    /** Whether the server is sealed. */
    public boolean isSealed() {
        return this.sealed.get();
    }

    /** Fault injection: error answers, dropped connections after a write, delays. */
    public Faults faults() {
        return this.faults;
    }

    /** The lagging read replica switch, for stale-read tests. */
    public ReadReplica readReplica() {
        return this.readReplica;
    }

    /** Every request so far, oldest first. Holds no token value and no secret data. */
    public List<RecordedRequest> requests() {
        return this.log.snapshot();
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        this.log.clear();
    }

    /**
     * Waits until a recorded request matches, for tests that must know a request has been handled (its write
     * applied) before the client has seen the answer.
     * @return the first matching request
     * @throws IllegalStateException when none matches within {@code timeout}
     */
    public RecordedRequest awaitRequest(Predicate<RecordedRequest> condition, Duration timeout) {
        try {
            RecordedRequest match = this.log.await(condition, timeout);
            if (match == null) {
                throw new IllegalStateException("no matching request within " + timeout + "; saw " + requests());
            }
            return match;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a request", ex);
        }
    }

    /**
     * The data of the current version of a key in the primary mount, or empty when the key does not exist or its
     * current version is deleted or destroyed.
     * @param path the key path inside the mount, for example {@code app/token}
     */
    public Optional<Map<String, Object>> readCurrent(String path) {
        return readCurrent(this.options.mount, path);
    }

    /** As {@link #readCurrent(String)}, in the given KV v2 mount. */
    public Optional<Map<String, Object>> readCurrent(String mount, String path) {
        return store(mount).readCurrent(path);
    }

    /** The key's {@code current_version} in the primary mount; 0 when it has no metadata. */
    public int currentVersion(String path) {
        return currentVersion(this.options.mount, path);
    }

    /** As {@link #currentVersion(String)}, in the given KV v2 mount. */
    public int currentVersion(String mount, String path) {
        return store(mount).currentVersion(path);
    }

    /**
     * Writes a new version directly, without HTTP and without any check, to arrange a test's starting state.
     * @return the new version number
     */
    public int seed(String path, Map<String, ?> data) {
        return seed(this.options.mount, path, data);
    }

    /** As {@link #seed(String, Map)}, in the given KV v2 mount. */
    public int seed(String mount, String path, Map<String, ?> data) {
        Objects.requireNonNull(data, "data must not be null");
        return store(mount).put(path, data);
    }

    private KvStore store(String mount) {
        KvStore store = this.kvMounts.get(mount);
        if (store == null) {
            throw new IllegalArgumentException(
                    "no KV v2 mount named '" + mount + "'; mounts are " + this.kvMounts.keySet());
        }
        return store;
    }

    /** Stops the server and its event loop; open connections are closed. */
    @Override
    public void close() {
        try {
            this.server.disposeNow(SHUTDOWN_TIMEOUT);
        } finally {
            this.loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT);
        }
    }

    @Override
    public String toString() {
        return "VaultTestServer[" + uri() + ", mounts=" + this.kvMounts.keySet() + "]";
    }

    /** Credentials for {@code auth/approle/login} and the policy of the tokens it issues. */
    record AppRole(String roleId, String secretId, VaultPolicy policy) {}

    /** A periodic token's policy and period. */
    record PeriodicToken(VaultPolicy policy, Duration period) {}

    /**
     * Immutable server options; each method returns a changed copy.
     * <pre>{@code
     * VaultTestServer.options().token("root").mount("secret").addMount("other").namespace("team-a")
     * }</pre>
     */
    public static final class Options {

        private String rootToken = "root";

        private String mount = "secret";

        private Set<String> extraMounts = new LinkedHashSet<>();

        private Set<String> transitMounts = new LinkedHashSet<>();

        private Map<String, VaultPolicy> tokens = new LinkedHashMap<>();

        private Map<String, PeriodicToken> periodicTokens = new LinkedHashMap<>();

        private boolean tls;

        private List<AppRole> appRoles = new ArrayList<>();

        private String namespace;

        private Clock clock = Clock.systemUTC();

        private Long listOrderSeed;

        private boolean sealed;

        private Options() {}

        private Options copy() {
            Options copy = new Options();
            copy.rootToken = this.rootToken;
            copy.mount = this.mount;
            copy.extraMounts = new LinkedHashSet<>(this.extraMounts);
            copy.transitMounts = new LinkedHashSet<>(this.transitMounts);
            copy.tokens = new LinkedHashMap<>(this.tokens);
            copy.periodicTokens = new LinkedHashMap<>(this.periodicTokens);
            copy.tls = this.tls;
            copy.appRoles = new ArrayList<>(this.appRoles);
            copy.namespace = this.namespace;
            copy.clock = this.clock;
            copy.listOrderSeed = this.listOrderSeed;
            copy.sealed = this.sealed;
            return copy;
        }

        /** The root token, which may do everything. Default {@code root}. */
        public Options token(String rootToken) {
            requireText(rootToken, "rootToken");
            Options copy = copy();
            copy.rootToken = rootToken;
            return copy;
        }

        /** One more accepted token, limited by {@code policy}. */
        public Options token(String token, VaultPolicy policy) {
            requireText(token, "token");
            Objects.requireNonNull(policy, "policy must not be null");
            Options copy = copy();
            copy.tokens.put(token, policy);
            return copy;
        }

        /**
         * One more accepted token, limited by {@code policy}, that expires {@code period} after it was created (on
         * the {@linkplain #clock(Clock) server's clock}) unless {@code auth/token/renew-self} resets its TTL to
         * {@code period} again, like a token made with {@code vault token create -period=...}.
         */
        public Options periodicToken(String token, VaultPolicy policy, Duration period) {
            requireText(token, "token");
            Objects.requireNonNull(policy, "policy must not be null");
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive");
            }
            Options copy = copy();
            copy.periodicTokens.put(token, new PeriodicToken(policy, period));
            return copy;
        }

        /**
         * Whether the server speaks HTTPS, with the self-signed certificate of {@link #tlsCertificatePem()}.
         * Default {@code false}.
         */
        public Options tls(boolean tls) {
            Options copy = copy();
            copy.tls = tls;
            return copy;
        }

        /** The primary KV v2 mount, used by the helpers without a mount argument. Default {@code secret}. */
        public Options mount(String mount) {
            Options copy = copy();
            copy.mount = mountName(mount);
            return copy;
        }

        /** One more KV v2 mount. */
        public Options addMount(String mount) {
            Options copy = copy();
            copy.extraMounts.add(mountName(mount));
            return copy;
        }

        /** A Transit mount (contract section L), for envelope-encryption tests. */
        public Options transitMount(String mount) {
            Options copy = copy();
            copy.transitMounts.add(mountName(mount));
            return copy;
        }

        /**
         * Requires every request (except health and seal status) to name this namespace through
         * {@code X-Vault-Namespace}, a path prefix, or both together; others get 403 {@code permission denied}.
         */
        public Options namespace(String namespace) {
            Options copy = copy();
            copy.namespace = mountName(namespace);
            return copy;
        }

        /** Lets {@code auth/approle/login} issue tokens with {@code policy} for these credentials. */
        public Options appRole(String roleId, String secretId, VaultPolicy policy) {
            requireText(roleId, "roleId");
            requireText(secretId, "secretId");
            Objects.requireNonNull(policy, "policy must not be null");
            Options copy = copy();
            copy.appRoles.add(new AppRole(roleId, secretId, policy));
            return copy;
        }

        /** The clock for timestamps and {@code delete_version_after}; pass a controllable one for expiry tests. */
        public Options clock(Clock clock) {
            Options copy = copy();
            copy.clock = Objects.requireNonNull(clock, "clock must not be null");
            return copy;
        }

        /** A seed for the order of list results, to reproduce a run; the order is still never sorted. */
        public Options listOrderSeed(long seed) {
            Options copy = copy();
            copy.listOrderSeed = seed;
            return copy;
        }

        /** Whether the server starts sealed. Default {@code false}. */
        public Options sealed(boolean sealed) {
            Options copy = copy();
            copy.sealed = sealed;
            return copy;
        }

        private Set<String> kvMounts() {
            Set<String> mounts = new LinkedHashSet<>();
            mounts.add(this.mount);
            mounts.addAll(this.extraMounts);
            Set<String> overlap = new LinkedHashSet<>(mounts);
            overlap.retainAll(this.transitMounts);
            if (!overlap.isEmpty()) {
                throw new IllegalArgumentException("mounts used for both KV and Transit: " + overlap);
            }
            return mounts;
        }

        private static String mountName(String name) {
            requireText(name, "name");
            if (name.startsWith("/")
                    || name.endsWith("/")
                    || name.contains("//")
                    || name.startsWith("sys/")
                    || name.equals("sys")
                    || name.equals("auth")
                    || name.startsWith("auth/")) {
                throw new IllegalArgumentException("invalid mount or namespace name '" + name + "'");
            }
            return name;
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
        }
    }
}
