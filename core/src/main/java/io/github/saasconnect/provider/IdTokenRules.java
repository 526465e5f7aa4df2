package io.github.saasconnect.provider;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the connect flow checks the ID token of a code exchange (OpenID Connect Core §3.1.3.7): {@code aud} must
 * name the client, {@code exp} must be in the future and {@code nonce} must be the one sent in the authorization
 * request, always; {@code iss} must be {@link #issuer()} when one is known; and the signature is checked against the
 * provider's JWK Set only when {@link #jwkSetUri()} or {@link #discoveryIssuer()} says where it is.
 *
 * <p>Without a JWK Set the signature is not checked, on purpose: the token came straight from the token endpoint
 * over TLS in answer to our own authenticated request, which §3.1.3.7 item 6 accepts in place of the signature.
 *
 * @param issuer the expected {@code iss}, or {@code null} when the provider has no fixed one. It may hold
 *     {@value #TENANT_ID_TEMPLATE}, which stands for the token's own {@code tid} claim: Microsoft's multi-tenant
 *     discovery documents publish {@code https://login.microsoftonline.com/{tenantid}/v2.0} and ask clients to
 *     substitute the token's {@code tid} before comparing
 * @param jwkSetUri where the provider publishes its signing keys; {@code null}: use {@link #discoveryIssuer()}'s
 *     discovery document, or check no signature
 * @param discoveryIssuer an issuer whose {@code /.well-known/openid-configuration} names the JWK Set (and must name
 *     this issuer), or {@code null}
 */
public record IdTokenRules(
        @Nullable String issuer,
        @Nullable URI jwkSetUri,
        @Nullable URI discoveryIssuer) {

    /** The placeholder of Microsoft's multi-tenant issuer, replaced by the token's {@code tid}. */
    public static final String TENANT_ID_TEMPLATE = "{tenantid}";

    /** Checks {@code aud}, {@code exp} and {@code nonce} only: no known issuer, no signature check. */
    public static final IdTokenRules CLAIMS_ONLY = new IdTokenRules(null, null, null);

    /** Checks the claims with {@code issuer} as the expected {@code iss}, and no signature (§3.1.3.7 item 6). */
    public static IdTokenRules issuer(String issuer) {
        return new IdTokenRules(Objects.requireNonNull(issuer, "issuer"), null, null);
    }

    /** Whether the signature is checked against a JWK Set. */
    public boolean checksSignature() {
        return jwkSetUri != null || discoveryIssuer != null;
    }

    /**
     * The {@code iss} a token must carry, given its {@code tid} claim, or {@code null} when any issuer is accepted.
     * A template issuer with no {@code tid} in the token expects the template itself, which no token carries.
     */
    public @Nullable String expectedIssuer(@Nullable String tenantId) {
        if (issuer == null || !issuer.contains(TENANT_ID_TEMPLATE) || tenantId == null) {
            return issuer;
        }
        return issuer.replace(TENANT_ID_TEMPLATE, tenantId);
    }
}
