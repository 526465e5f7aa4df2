package io.github.saasconnect.testkit.vault;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything after the transport checks, in the order real servers apply it: health and seal status, the seal
 * (C1), the namespace (B4), logins, the token (B1, B2), token self-service (B5), {@code sys/} mounts, then the
 * engine mounted at the path.
 */
final class VaultRouter {

    static final String VERSION = "1.21.0+testkit";

    private static final String CLUSTER_NAME = "vault-test-server";

    private static final Duration LOGIN_TTL = Duration.ofHours(1);

    private final String clusterId = UUID.randomUUID().toString();

    private final Clock clock;

    private final AtomicBoolean sealed;

    private final String namespace;

    private final TokenRegistry tokens;

    private final Map<String, VaultTestServer.AppRole> appRoles;

    private final Map<String, KvStore> kvMounts;

    private final Map<String, TransitEngine> transitMounts;

    private final List<String> mountsLongestFirst;

    private final KvRoutes kvRoutes;

    private final TransitRoutes transitRoutes = new TransitRoutes();

    VaultRouter(
            Clock clock,
            AtomicBoolean sealed,
            String namespace,
            TokenRegistry tokens,
            Map<String, VaultTestServer.AppRole> appRoles,
            Map<String, KvStore> kvMounts,
            Map<String, TransitEngine> transitMounts,
            AtomicLong commitIndex,
            ReadReplica replica) {
        this.clock = clock;
        this.sealed = sealed;
        this.namespace = namespace;
        this.tokens = tokens;
        this.appRoles = appRoles;
        this.kvMounts = kvMounts;
        this.transitMounts = transitMounts;
        this.mountsLongestFirst = Stream.concat(kvMounts.keySet().stream(), transitMounts.keySet().stream())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        this.kvRoutes = new KvRoutes(commitIndex, replica);
    }

    VaultResponse route(VaultRequest request) {
        String path = request.vaultPath();
        if (path.equals("sys/health")) {
            return health(request);
        }
        if (path.equals("sys/seal-status")) {
            return sealStatus(request);
        }
        if (this.sealed.get()) {
            throw VaultError.of(503, "Vault is sealed");
        }
        path = withoutNamespace(request, path);
        if (path.equals("auth/approle/login")) {
            return appRoleLogin(request);
        }
        TokenRegistry.IssuedToken token = this.tokens.lookup(request.token());
        if (token == null) {
            if (request.token() == null) {
                throw VaultError.permissionDenied();
            }
            throw VaultError.of(403, "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");
        }
        if (path.startsWith("auth/token/")) {
            return tokenSelfService(request, path, token);
        }
        if (path.equals("sys/mounts")) {
            requireOperation(request, "GET");
            KvRoutes.require(token.policy(), path, Capability.READ);
            return VaultResponse.ok(mountTable(), null);
        }
        if (path.startsWith("sys/internal/ui/mounts/")) {
            requireOperation(request, "GET");
            return mountInfo(path.substring("sys/internal/ui/mounts/".length()));
        }
        for (String mount : this.mountsLongestFirst) {
            if (path.startsWith(mount + "/")) {
                String rest = path.substring(mount.length() + 1);
                KvStore store = this.kvMounts.get(mount);
                if (store != null) {
                    return this.kvRoutes.handle(request, mount, store, rest, token.policy());
                }
                return this.transitRoutes.handle(request, mount, this.transitMounts.get(mount), rest, token.policy());
            }
        }
        throw VaultError.noRoute(path);
    }

    // C2: health and seal status answer even while sealed, and need no token

    private VaultResponse health(VaultRequest request) {
        if (!request.operation().equals("GET") && !request.operation().equals("HEAD")) {
            throw VaultError.unsupportedOperation();
        }
        boolean isSealed = this.sealed.get();
        ObjectNode body = Json.object();
        body.put("initialized", true);
        body.put("sealed", isSealed);
        body.put("standby", false);
        body.put("performance_standby", false);
        body.put("replication_performance_mode", "disabled");
        body.put("replication_dr_mode", "disabled");
        body.put("server_time_utc", this.clock.instant().getEpochSecond());
        body.put("version", VERSION);
        body.put("cluster_name", CLUSTER_NAME);
        body.put("cluster_id", this.clusterId);
        return VaultResponse.json(isSealed ? 503 : 200, body);
    }

    private VaultResponse sealStatus(VaultRequest request) {
        requireOperation(request, "GET");
        ObjectNode body = Json.object();
        body.put("type", "shamir");
        body.put("initialized", true);
        body.put("sealed", this.sealed.get());
        body.put("t", 1);
        body.put("n", 1);
        body.put("progress", 0);
        body.put("nonce", "");
        body.put("version", VERSION);
        body.put("migration", false);
        body.put("cluster_name", CLUSTER_NAME);
        body.put("cluster_id", this.clusterId);
        body.put("recovery_seal", false);
        body.put("storage_type", "inmem");
        return VaultResponse.json(200, body);
    }

    /**
     * B4: with a namespace configured, the header and a path prefix together must name it exactly; the prefix is
     * then removed. Without one, the header is ignored.
     */
    private String withoutNamespace(VaultRequest request, String path) {
        if (this.namespace == null) {
            return path;
        }
        String header = trimSlashes(request.header("X-Vault-Namespace"));
        String expected = this.namespace;
        if (header.equals(expected)) {
            return path;
        }
        String remaining = header.isEmpty()
                ? expected
                : expected.startsWith(header + "/") ? expected.substring(header.length() + 1) : null;
        if (remaining != null && path.startsWith(remaining + "/")) {
            return path.substring(remaining.length() + 1);
        }
        throw VaultError.permissionDenied();
    }

    private static String trimSlashes(String value) {
        if (value == null) {
            return "";
        }
        String trimmed = value.trim();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    // B5: logins and token self-service

    private VaultResponse appRoleLogin(VaultRequest request) {
        requireWrite(request);
        JsonNode body = request.json();
        String roleId = text(body, "role_id");
        String secretId = text(body, "secret_id");
        VaultTestServer.AppRole role = (roleId != null) ? this.appRoles.get(roleId) : null;
        if (role == null || !role.secretId().equals(secretId)) {
            throw VaultError.badRequest("invalid role or secret ID");
        }
        TokenRegistry.IssuedToken token = this.tokens.issue(role.policy(), LOGIN_TTL);
        ObjectNode auth = authBlock(token);
        auth.putObject("metadata").put("role_name", role.roleId());
        return VaultResponse.auth(auth);
    }

    private VaultResponse tokenSelfService(VaultRequest request, String path, TokenRegistry.IssuedToken token) {
        switch (path) {
            case "auth/token/lookup-self" -> {
                if (!request.operation().equals("GET") && !request.operation().equals("POST")) {
                    throw VaultError.unsupportedOperation();
                }
                return VaultResponse.ok(lookup(token), null);
            }
            case "auth/token/renew-self" -> {
                requireWrite(request);
                return VaultResponse.auth(authBlock(this.tokens.renew(token)));
            }
            case "auth/token/revoke-self" -> {
                requireWrite(request);
                this.tokens.revoke(token.id());
                return VaultResponse.noContent();
            }
            default -> throw VaultError.noRoute(path);
        }
    }

    private ObjectNode lookup(TokenRegistry.IssuedToken token) {
        ObjectNode data = Json.object();
        data.put("accessor", token.accessor());
        data.put("creation_time", token.issuedAt().getEpochSecond());
        data.put("creation_ttl", token.ttl().toSeconds());
        long remaining = token.remainingSeconds(this.clock.instant());
        data.put("display_name", token.policy().isRoot() ? "root" : "approle");
        data.put("entity_id", "");
        if (token.expiresAt() != null) {
            data.put("expire_time", VaultTime.format(token.expiresAt()));
        } else {
            data.putNull("expire_time");
        }
        data.put("explicit_max_ttl", 0);
        data.put("id", token.id());
        data.put("issue_time", VaultTime.format(token.issuedAt()));
        data.putNull("meta");
        data.put("num_uses", 0);
        data.put("orphan", true);
        data.put("path", token.policy().isRoot() ? "auth/token/root" : "auth/approle/login");
        if (token.periodic()) {
            data.put("period", token.period().toSeconds());
        }
        data.putArray("policies").add(token.policy().name());
        data.put("renewable", token.renewable());
        data.put("ttl", remaining);
        data.put("type", "service");
        return data;
    }

    private ObjectNode authBlock(TokenRegistry.IssuedToken token) {
        ObjectNode auth = Json.object();
        auth.put("client_token", token.id());
        auth.put("accessor", token.accessor());
        auth.putArray("policies").add(token.policy().name());
        auth.putArray("token_policies").add(token.policy().name());
        auth.put("lease_duration", token.remainingSeconds(this.clock.instant()));
        auth.put("renewable", token.renewable());
        auth.put("entity_id", "");
        auth.put("token_type", "service");
        auth.put("orphan", true);
        return auth;
    }

    // sys/mounts and the UI mount lookup Spring's KeyValueDelegate uses

    private ObjectNode mountTable() {
        ObjectNode data = Json.object();
        this.kvMounts.keySet().forEach(mount -> {
            ObjectNode entry = data.putObject(mount + "/");
            entry.put("type", "kv");
            entry.put("description", "");
            entry.putObject("options").put("version", "2");
        });
        this.transitMounts.keySet().forEach(mount -> {
            ObjectNode entry = data.putObject(mount + "/");
            entry.put("type", "transit");
            entry.put("description", "");
            entry.putNull("options");
        });
        return data;
    }

    private VaultResponse mountInfo(String path) {
        for (String mount : this.mountsLongestFirst) {
            if (path.equals(mount) || path.startsWith(mount + "/")) {
                ObjectNode data = Json.object();
                data.put("path", mount + "/");
                boolean kv = this.kvMounts.containsKey(mount);
                data.put("type", kv ? "kv" : "transit");
                if (kv) {
                    data.putObject("options").put("version", "2");
                } else {
                    data.putNull("options");
                }
                return VaultResponse.ok(data, null);
            }
        }
        throw VaultError.of(
                403,
                "preflight capability check returned 403, please ensure client's policies grant " + "access to path \""
                        + path + "/\"");
    }

    private static void requireOperation(VaultRequest request, String operation) {
        if (!request.operation().equals(operation)) {
            throw VaultError.unsupportedOperation();
        }
    }

    private static void requireWrite(VaultRequest request) {
        if (!request.operation().equals("POST") && !request.operation().equals("PUT")) {
            throw VaultError.unsupportedOperation();
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = (body != null && body.isObject()) ? body.get(field) : null;
        return (value != null && value.isString()) ? value.stringValue() : null;
    }
}
