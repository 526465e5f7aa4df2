package io.github.saasconnect.testkit.sandbox.microsoft;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.X509CertUtils;
import io.github.saasconnect.testkit.sandbox.RegisteredClient;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.SignedAssertion;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client credentials grant of the identity platform (providers.md §2.3, §2.9): the app's secrets (several may be
 * valid at once, as during a rotation; an expired one answers AADSTS7000222, an unknown one AADSTS7000215) and its
 * certificates, against which a {@code private_key_jwt} client assertion is checked as Microsoft does: by the
 * {@code x5t#S256} thumbprint in its header, the RS256/PS256 signature, {@code iss} = {@code sub} = the client id,
 * {@code aud} = the token endpoint, and the time range.
 */
final class MicrosoftAppCredentials {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Assertions may be at most this far from the sandbox's clock (Microsoft allows a few minutes of skew). */
    static final Duration SKEW = Duration.ofMinutes(5);

    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final Set<String> expiredSecrets = ConcurrentHashMap.newKeySet();
    private final Map<Base64URL, X509Certificate> certificates = new ConcurrentHashMap<>();

    MicrosoftAppCredentials(String initialSecret) {
        secrets.add(initialSecret);
    }

    void secrets(List<String> valid) {
        secrets.clear();
        secrets.addAll(valid);
    }

    void expire(String secret) {
        expiredSecrets.add(secret);
    }

    void register(X509Certificate certificate) {
        certificates.put(X509CertUtils.computeSHA256Thumbprint(certificate), certificate);
    }

    /**
     * Why the client is not authenticated, or empty when it is.
     *
     * @param tokenEndpoint the URL the assertion's {@code aud} must name
     */
    Optional<SandboxResponse> authenticate(
            SandboxRequest request, RegisteredClient client, URI tokenEndpoint, Instant now) {
        Map<String, String> form = request.form();
        String assertionType = form.get("client_assertion_type");
        if (assertionType != null || form.containsKey("client_assertion")) {
            if (!JWT_BEARER.equals(assertionType)) {
                return fail(
                        400, "invalid_request", 50027, "Invalid client_assertion_type '" + assertionType + "'.", now);
            }
            return assertion(form.get("client_assertion"), client, tokenEndpoint, now);
        }
        String secret = request.basicCredentials()
                .map(SandboxRequest.BasicCredentials::clientSecret)
                .orElse(form.get("client_secret"));
        if (secret == null) {
            return fail(
                    401,
                    "invalid_client",
                    7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
                    now);
        }
        if (expiredSecrets.contains(secret)) {
            return fail(
                    401,
                    "invalid_client",
                    7000222,
                    "The provided client secret keys for app '" + client.clientId() + "' are expired. Visit the "
                            + "Azure portal to create new keys for your app.",
                    now);
        }
        if (!secrets.contains(secret)) {
            return fail(
                    401,
                    "invalid_client",
                    7000215,
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client "
                            + "secret value, not the client secret ID, for a secret added to app '" + client.clientId()
                            + "'.",
                    now);
        }
        return Optional.empty();
    }

    private Optional<SandboxResponse> assertion(String value, RegisteredClient client, URI tokenEndpoint, Instant now) {
        Optional<SignedAssertion> parsed = SignedAssertion.parse(value);
        if (parsed.isEmpty()) {
            return fail(400, "invalid_request", 50027, "JWT token is invalid or malformed.", now);
        }
        SignedAssertion assertion = parsed.get();
        Base64URL thumbprint = assertion.jwt().getHeader().getX509CertSHA256Thumbprint();
        X509Certificate certificate = thumbprint == null ? null : certificates.get(thumbprint);
        if (certificate == null) {
            return fail(
                    401,
                    "invalid_client",
                    700027,
                    "Client assertion failed signature validation. (Reason - The key was not found., Thumbprint of "
                            + "key used by client: '" + thumbprint + "'.)",
                    now);
        }
        if (!assertion.verifiedBy((RSAPublicKey) certificate.getPublicKey())) {
            return fail(
                    401,
                    "invalid_client",
                    700027,
                    "Client assertion failed signature validation. (Reason - The provided signature value did not "
                            + "match the expected signature value.)",
                    now);
        }
        var claims = assertion.claims();
        if (!client.clientId().equals(claims.getIssuer()) || !client.clientId().equals(claims.getSubject())) {
            return fail(
                    401,
                    "invalid_client",
                    700021,
                    "Client assertion application identifier doesn't match 'client_id' parameter.",
                    now);
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(tokenEndpoint.toString())) {
            return fail(
                    401,
                    "invalid_client",
                    700212,
                    "The client assertion's audience " + claims.getAudience() + " is not this token endpoint.",
                    now);
        }
        Instant expires = SignedAssertion.instant(claims.getExpirationTime());
        Instant notBefore = SignedAssertion.instant(claims.getNotBeforeTime());
        if (expires == null
                || !now.isBefore(expires.plus(SKEW))
                || notBefore != null && now.plus(SKEW).isBefore(notBefore)) {
            return fail(401, "invalid_client", 700024, "Client assertion is not within its valid time range.", now);
        }
        if (claims.getJWTID() == null) {
            return fail(401, "invalid_client", 700023, "Client assertion has no jti claim.", now);
        }
        return Optional.empty();
    }

    private static Optional<SandboxResponse> fail(int status, String error, int code, String message, Instant now) {
        return Optional.of(MicrosoftErrors.token(status, error, code, message, now));
    }
}
