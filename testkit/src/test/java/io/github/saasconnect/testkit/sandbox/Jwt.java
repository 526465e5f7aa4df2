package io.github.saasconnect.testkit.sandbox;

import io.github.saasconnect.testkit.sandbox.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/** A JSON Web Token read as a client that trusts its transport reads an ID token: the claims, signature unchecked. */
public final class Jwt {

    private Jwt() {}

    /** The claims of {@code jwt}'s payload, its second dot-separated part, base64url-decoded. */
    public static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return Json.read(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}
