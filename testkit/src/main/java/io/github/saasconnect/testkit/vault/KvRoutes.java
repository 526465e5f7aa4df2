package io.github.saasconnect.testkit.vault;

import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps requests on a KV v2 mount to {@link KvStore} operations: which method each endpoint supports (A4), the path
 * rules (D3), the capability each operation needs (B3) and where reads come from (C4).
 */
final class KvRoutes {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final AtomicLong commitIndex;

    private final ReadReplica replica;

    KvRoutes(AtomicLong commitIndex, ReadReplica replica) {
        this.commitIndex = commitIndex;
        this.replica = replica;
    }

    /**
     * @param mount the mount name
     * @param store the mount's current state
     * @param rest the path after {@code mount/}
     * @param policy the caller's policy
     */
    VaultResponse handle(VaultRequest request, String mount, KvStore store, String rest, VaultPolicy policy) {
        String path = mount + "/" + rest;
        String operation = request.operation();
        if (rest.equals("config")) {
            return switch (operation) {
                case "GET" -> {
                    require(policy, path, Capability.READ);
                    yield ok(readStore(request, mount).config());
                }
                case "POST", "PUT" -> {
                    require(policy, path, Capability.UPDATE);
                    store.writeConfig(request.json());
                    yield committed(VaultResponse.noContent());
                }
                default -> throw VaultError.unsupportedOperation();
            };
        }
        if (rest.startsWith("data/")) {
            return data(request, mount, store, rest.substring("data/".length()), path, policy);
        }
        if (rest.startsWith("subkeys/")) {
            if (!operation.equals("GET")) {
                throw VaultError.unsupportedOperation();
            }
            String key = key(rest.substring("subkeys/".length()));
            require(policy, path, Capability.READ);
            return ok(readStore(request, mount)
                    .subkeys(
                            key, request.query().get("version"), request.query().get("depth")));
        }
        if (rest.equals("metadata/") || rest.startsWith("metadata/")) {
            return metadata(request, mount, store, rest.substring("metadata/".length()), path, policy);
        }
        for (String action : new String[] {"delete/", "undelete/", "destroy/"}) {
            if (rest.startsWith(action)) {
                if (!operation.equals("POST") && !operation.equals("PUT")) {
                    throw VaultError.unsupportedOperation();
                }
                String key = key(rest.substring(action.length()));
                require(policy, path, Capability.UPDATE);
                switch (action) {
                    case "delete/" -> store.deleteVersions(key, request.json());
                    case "undelete/" -> store.undelete(key, request.json());
                    default -> store.destroy(key, request.json());
                }
                return committed(VaultResponse.noContent());
            }
        }
        throw VaultError.noRoute(request.vaultPath());
    }

    private VaultResponse data(
            VaultRequest request, String mount, KvStore store, String rawKey, String path, VaultPolicy policy) {
        switch (request.operation()) {
            case "GET" -> {
                String key = key(rawKey);
                require(policy, path, Capability.READ);
                return ok(readStore(request, mount).read(key, request.query().get("version")));
            }
            case "POST", "PUT" -> {
                String key = key(rawKey);
                require(policy, path, store.exists(key) ? Capability.UPDATE : Capability.CREATE);
                return committed(ok(store.write(key, request.json())));
            }
            case "PATCH" -> {
                requireMergePatch(request);
                String key = key(rawKey);
                require(policy, path, Capability.UPDATE);
                return committed(ok(store.patch(key, request.json())));
            }
            case "DELETE" -> {
                String key = key(rawKey);
                require(policy, path, Capability.DELETE);
                store.deleteLatest(key);
                return committed(VaultResponse.noContent());
            }
            default -> throw VaultError.unsupportedOperation();
        }
    }

    private VaultResponse metadata(
            VaultRequest request, String mount, KvStore store, String rawKey, String path, VaultPolicy policy) {
        switch (request.operation()) {
            case "LIST" -> {
                require(policy, path, Capability.LIST);
                return ok(readStore(request, mount).list(rawKey));
            }
            case "GET" -> {
                String key = key(rawKey);
                require(policy, path, Capability.READ);
                return ok(readStore(request, mount).metadata(key));
            }
            case "POST", "PUT" -> {
                String key = key(rawKey);
                require(policy, path, store.exists(key) ? Capability.UPDATE : Capability.CREATE);
                store.writeMetadata(key, request.json(), false);
                return committed(VaultResponse.noContent());
            }
            case "PATCH" -> {
                requireMergePatch(request);
                String key = key(rawKey);
                require(policy, path, Capability.UPDATE);
                store.writeMetadata(key, request.json(), true);
                return committed(VaultResponse.noContent());
            }
            case "DELETE" -> {
                String key = key(rawKey);
                require(policy, path, Capability.DELETE);
                store.deleteMetadata(key);
                return committed(VaultResponse.noContent());
            }
            default -> throw VaultError.unsupportedOperation();
        }
    }

    /** D3: a key is never empty and never ends with {@code /}. */
    private static String key(String rawKey) {
        if (rawKey.isEmpty() || rawKey.endsWith("/")) {
            throw VaultError.unsupportedPath();
        }
        return rawKey;
    }

    private static void requireMergePatch(VaultRequest request) {
        String contentType = request.header("Content-Type");
        String mediaType = (contentType != null) ? contentType.split(";", 2)[0].trim() : "";
        if (!mediaType.equalsIgnoreCase(MERGE_PATCH)) {
            throw VaultError.of(
                    415,
                    "PATCH requires Content-Type of " + MERGE_PATCH + ", provided "
                            + (contentType != null ? contentType : "none"));
        }
    }

    static void require(VaultPolicy policy, String path, Capability capability) {
        if (!policy.allows(path, capability)) {
            // what Vault answers when the token's ACL lacks the capability (a multierror text)
            throw VaultError.of(403, "1 error occurred:\n\t* permission denied\n\n");
        }
    }

    private KvStore readStore(VaultRequest request, String mount) {
        boolean forward = "forward-active-node".equalsIgnoreCase(request.header("X-Vault-Inconsistent"));
        return this.replica.storeForRead(mount, forward, request.header("X-Vault-Index"));
    }

    private VaultResponse committed(VaultResponse response) {
        return response.withHeader("X-Vault-Index", Long.toString(this.commitIndex.incrementAndGet()));
    }

    private static VaultResponse ok(ObjectNode data) {
        return VaultResponse.ok(data, "kv");
    }
}
