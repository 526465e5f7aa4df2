package io.github.saasconnect.testkit.vault;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * An error answer, thrown from deep inside the engine and turned into a response by the request handler. Carries
 * either Vault's {@code {"errors":[…]}} body or, for a deleted or destroyed version, the full envelope data.
 */
final class VaultError extends RuntimeException {

    private final int status;

    private final List<String> errors;

    private final ObjectNode envelopeData;

    private final boolean emptyBody;

    private VaultError(int status, List<String> errors, ObjectNode envelopeData, boolean emptyBody) {
        super(status + " " + errors, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.envelopeData = envelopeData;
        this.emptyBody = emptyBody;
    }

    static VaultError of(int status, String... errors) {
        return new VaultError(status, List.of(errors), null, false);
    }

    static VaultError badRequest(String message) {
        return of(400, message);
    }

    /** A plain 404: {@code {"errors":[]}}. */
    static VaultError notFound() {
        return of(404);
    }

    static VaultError unsupportedPath() {
        return of(404, "unsupported path");
    }

    static VaultError unsupportedOperation() {
        return of(405, "unsupported operation");
    }

    static VaultError permissionDenied() {
        return of(403, "permission denied");
    }

    static VaultError noRoute(String vaultPath) {
        return of(404, "no handler for route \"" + vaultPath + "\". route entry not found.");
    }

    /** A 404 whose body is a success envelope, as Vault answers for a deleted or destroyed version. */
    static VaultError notFoundWithData(ObjectNode envelopeData) {
        return new VaultError(404, List.of(), envelopeData, false);
    }

    /** A 400 with no body at all (non-printable characters in the path). */
    static VaultError badRequestWithoutBody() {
        return new VaultError(400, List.of(), null, true);
    }

    int status() {
        return this.status;
    }

    List<String> errors() {
        return this.errors;
    }

    ObjectNode envelopeData() {
        return this.envelopeData;
    }

    boolean emptyBody() {
        return this.emptyBody;
    }
}
