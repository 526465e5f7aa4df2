package io.github.saasconnect.provider.microsoft;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.ClientCredentialsGrant;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.signing.PemKeys;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Microsoft's client credentials (providers.md §2.3, §2.9): an app connection's subject is the tenant the app acts in
 * ({@code ConnectionId.app("graph", "contoso.onmicrosoft.com")}; a multi-tenant app may mint for each tenant that
 * consented), the scope is one resource's {@code /.default} (Graph of the configured cloud unless {@code app.scopes}
 * names another), and the client proves itself with a secret (several, newest first: one Microsoft rejects as
 * invalid or expired, AADSTS7000215 / 7000222, falls back on the next) or with a certificate's key, as a
 * {@code private_key_jwt} assertion whose header carries the certificate's {@code x5t#S256}.
 */
final class MicrosoftClientCredentials {

    private static final Set<String> SHARED_AUTHORITIES = Set.of("common", "organizations", "consumers");

    private MicrosoftClientCredentials() {}

    /**
     * The grant of a registration whose {@code app.*} is set.
     *
     * @param tenant the configured tenant, which must be a specific one
     * @throws IllegalArgumentException naming the property that is missing or wrong
     */
    static ClientCredentialsGrant grant(
            RegistrationSettings s, AppCredentials app, URI authority, String tenant, MicrosoftCloud cloud) {
        if (SHARED_AUTHORITIES.contains(tenant)) {
            throw new IllegalArgumentException(s.property(MicrosoftProviderType.TENANT) + " is '" + tenant
                    + "' but acting as the app (" + s.property("app") + ") needs the tenant id (GUID) or a verified "
                    + "domain: Microsoft refuses client credentials on /common, /organizations and /consumers");
        }
        List<String> scopes = app.scopes().isEmpty() ? List.of(cloud.graph() + "/.default") : app.scopes();
        ClientCredentialsGrant.Builder grant = ClientCredentialsGrant.builder(
                        connection -> tokenUri(s, authority, connection))
                .scopes(scopes, " ");
        if (app.signer() != null) {
            if (app.certificate() == null) {
                throw new IllegalArgumentException(s.property("app.certificate") + " is not set but "
                        + s.property("app.private-key") + " is: Microsoft finds the key by its certificate's "
                        + "thumbprint (x5t#S256); set the certificate uploaded to the app registration");
            }
            var thumbprint = PemKeys.thumbprintS256(app.certificate());
            return grant.assertionSigner(app.signer())
                    .assertionHeader(header -> header.x509CertSHA256Thumbprint(thumbprint))
                    .build();
        }
        if (app.certificate() != null) {
            throw new IllegalArgumentException(s.property("app.certificate") + " is set but "
                    + s.property("app.private-key") + " is not: set the private key of that certificate");
        }
        return grant.secrets(app.clientSecrets(), false, MicrosoftClientCredentials::secretRejected)
                .build();
    }

    /** Invalid (AADSTS7000215) or expired (AADSTS7000222): worth trying an older secret. */
    private static boolean secretRejected(ClientMisconfiguredException e) {
        String code = e.errorCode();
        return code.startsWith("invalid_client") && (code.contains("AADSTS7000215") || code.contains("AADSTS7000222"));
    }

    /** The token endpoint of the connection's tenant, or the configured token URI for every tenant. */
    private static URI tokenUri(RegistrationSettings s, URI authority, ConnectionId connection) {
        String tenant = connection.appSubject();
        if (SHARED_AUTHORITIES.contains(tenant.toLowerCase(Locale.ROOT)) || !MicrosoftProviderType.isTenant(tenant)) {
            throw new AppCredentialException(
                    s.id(),
                    connection,
                    "app connection " + connection + " names '" + tenant + "' as its tenant; an app connection of a "
                            + "Microsoft registration is ConnectionId.app(\"" + s.id() + "\", <tenant id or verified "
                            + "domain>)");
        }
        if (s.tokenUri() != null) {
            return s.tokenUri();
        }
        return URI.create(authority + "/" + tenant + "/oauth2/v2.0/token");
    }
}
