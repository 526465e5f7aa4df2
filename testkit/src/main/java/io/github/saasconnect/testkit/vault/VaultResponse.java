package io.github.saasconnect.testkit.vault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the server sends back: a status, extra headers and an optional JSON body. */
record VaultResponse(int status, Map<String, String> headers, byte[] body) {

    VaultResponse {
        headers = Map.copyOf(headers);
    }

    static VaultResponse json(int status, JsonNode body) {
        return new VaultResponse(status, Map.of(), Json.write(body));
    }

    static VaultResponse noContent() {
        return new VaultResponse(204, Map.of(), null);
    }

    /** The standard success envelope around {@code data}. */
    static VaultResponse ok(JsonNode data, String mountType) {
        return json(200, envelope(data, null, mountType));
    }

    /** An envelope whose payload is an {@code auth} block (logins and token renewals). */
    static VaultResponse auth(ObjectNode auth) {
        return json(200, envelope(null, auth, null));
    }

    static VaultResponse error(VaultError error) {
        if (error.emptyBody()) {
            return new VaultResponse(error.status(), Map.of(), null);
        }
        if (error.envelopeData() != null) {
            return json(error.status(), envelope(error.envelopeData(), null, "kv"));
        }
        ObjectNode body = Json.object();
        error.errors().forEach(body.putArray("errors")::add);
        return json(error.status(), body);
    }

    static ObjectNode envelope(JsonNode data, ObjectNode auth, String mountType) {
        ObjectNode body = Json.object();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("lease_id", "");
        body.put("renewable", false);
        body.put("lease_duration", 0);
        if (data == null) {
            body.putNull("data");
        } else {
            body.set("data", data);
        }
        body.putNull("wrap_info");
        body.putNull("warnings");
        if (auth == null) {
            body.putNull("auth");
        } else {
            body.set("auth", auth);
        }
        if (mountType != null) {
            body.put("mount_type", mountType);
        }
        return body;
    }

    VaultResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(this.headers);
        copy.put(name, value);
        return new VaultResponse(this.status, copy, this.body);
    }

    boolean hasBody() {
        return this.body != null;
    }
}
