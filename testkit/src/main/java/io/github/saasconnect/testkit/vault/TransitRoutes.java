package io.github.saasconnect.testkit.vault;

/** Maps requests on a Transit mount to {@link TransitEngine} operations, with the capabilities each needs. */
final class TransitRoutes {

    VaultResponse handle(VaultRequest request, String mount, TransitEngine engine, String rest, VaultPolicy policy) {
        String path = mount + "/" + rest;
        String operation = request.operation();
        boolean write = operation.equals("POST") || operation.equals("PUT");
        if (rest.startsWith("keys/") && rest.endsWith("/rotate")) {
            String name = name(rest.substring("keys/".length(), rest.length() - "/rotate".length()));
            requireWrite(write);
            KvRoutes.require(policy, path, Capability.UPDATE);
            engine.rotate(name);
            return VaultResponse.noContent();
        }
        if (rest.startsWith("keys/") && rest.endsWith("/config")) {
            String name = name(rest.substring("keys/".length(), rest.length() - "/config".length()));
            requireWrite(write);
            KvRoutes.require(policy, path, Capability.UPDATE);
            engine.configure(name, request.json());
            return VaultResponse.ok(engine.readKey(name), null);
        }
        if (rest.startsWith("keys/")) {
            String name = name(rest.substring("keys/".length()));
            if (operation.equals("GET")) {
                KvRoutes.require(policy, path, Capability.READ);
                return VaultResponse.ok(engine.readKey(name), null);
            }
            requireWrite(write);
            KvRoutes.require(policy, path, engine.exists(name) ? Capability.UPDATE : Capability.CREATE);
            engine.createKey(name, request.json());
            return VaultResponse.noContent();
        }
        if (rest.startsWith("encrypt/")) {
            String name = name(rest.substring("encrypt/".length()));
            requireWrite(write);
            KvRoutes.require(policy, path, Capability.UPDATE);
            boolean mayCreate = policy.allows(path, Capability.CREATE);
            return VaultResponse.ok(engine.encrypt(name, request.json(), mayCreate), null);
        }
        if (rest.startsWith("decrypt/")) {
            String name = name(rest.substring("decrypt/".length()));
            requireWrite(write);
            KvRoutes.require(policy, path, Capability.UPDATE);
            return VaultResponse.ok(engine.decrypt(name, request.json()), null);
        }
        if (rest.startsWith("rewrap/")) {
            String name = name(rest.substring("rewrap/".length()));
            requireWrite(write);
            KvRoutes.require(policy, path, Capability.UPDATE);
            return VaultResponse.ok(engine.rewrap(name, request.json()), null);
        }
        if (rest.startsWith("sign/")) {
            String[] parts = rest.substring("sign/".length()).split("/", -1);
            if (parts.length > 2) {
                throw VaultError.unsupportedPath();
            }
            requireWrite(write);
            KvRoutes.require(policy, path, Capability.UPDATE);
            return VaultResponse.ok(
                    engine.sign(name(parts[0]), parts.length == 2 ? parts[1] : null, request.json()), null);
        }
        if (rest.startsWith("export/")) {
            String[] parts = rest.substring("export/".length()).split("/", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw VaultError.unsupportedPath();
            }
            requireOperation(operation.equals("GET"));
            KvRoutes.require(policy, path, Capability.READ);
            return VaultResponse.ok(engine.export(name(parts[1])), null);
        }
        throw VaultError.noRoute(path);
    }

    private static void requireOperation(boolean allowed) {
        if (!allowed) {
            throw VaultError.unsupportedOperation();
        }
    }

    private static String name(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw VaultError.unsupportedPath();
        }
        return name;
    }

    private static void requireWrite(boolean write) {
        if (!write) {
            throw VaultError.unsupportedOperation();
        }
    }
}
