package io.github.saasconnect.provider.docusign;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.AppConsentRequiredException;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.AppTokenEndpoint;
import io.github.saasconnect.provider.AppTokenMinter;
import io.github.saasconnect.provider.JwtBearerGrant;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * DocuSign's JWT grant (providers.md §4.6, §4.7, §4.9): the integration key acts for a user who consented to
 * {@code impersonation}. The app connection's subject is the user's GUID ({@code ConnectionId.app("docusign",
 * <user GUID>)}). The assertion is signed RS256 with the integration key's RSA key: {@code iss} the integration key
 * ({@code client-id}), {@code sub} the user, {@code aud} the Account Server's bare host
 * ({@code account-d.docusign.com}, no scheme), {@code scope} {@code signature impersonation}, one hour of life. The
 * token (an hour, no refresh token) is followed by the userinfo discovery a connected user gets, so the app
 * connection's API calls go to its account's trusted {@code base_uri}. {@code consent_required} becomes an
 * {@link AppConsentRequiredException} carrying the consent URL; any other refusal ({@code invalid_grant}: another
 * key, an unknown user) is the registration's misconfiguration.
 */
final class DocuSignJwtGrant implements AppTokenMinter {

    /** DocuSign's JWT grant tokens live an hour; so may the assertion. */
    static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);

    static final String IMPERSONATION = "impersonation";
    static final List<String> DEFAULT_SCOPES = List.of("signature", IMPERSONATION);
    private static final Pattern USER_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final JwtBearerGrant grant;
    private final DocuSignAdapter adapter;

    private DocuSignJwtGrant(JwtBearerGrant grant, DocuSignAdapter adapter) {
        this.grant = grant;
        this.adapter = adapter;
    }

    /**
     * The grant of a registration whose {@code app.*} is set.
     *
     * @throws IllegalArgumentException naming the property that is missing or wrong
     */
    static DocuSignJwtGrant of(RegistrationSettings s, URI oauthBase, URI tokenUri, DocuSignAdapter adapter) {
        AppCredentials app = s.app();
        if (app.signer() == null) {
            throw new IllegalArgumentException(s.property("app.private-key") + " is not set: DocuSign's JWT grant "
                    + "signs with the RSA private key of the integration key (Apps and Keys > RSA keypairs), client "
                    + "secrets do not apply");
        }
        if (!JWSAlgorithm.RS256.equals(app.signer().algorithm())) {
            throw new IllegalArgumentException(s.property("app.private-key.algorithm") + " is "
                    + app.signer().algorithm() + ", but DocuSign accepts only RS256 assertions; remove the setting");
        }
        if (app.issuer() != null) {
            throw new IllegalArgumentException(s.property("app.issuer") + " is set, but a DocuSign assertion is "
                    + "issued by the integration key (" + s.property("client-id") + "); remove app.issuer");
        }
        List<String> scopes = app.scopes().isEmpty() ? DEFAULT_SCOPES : app.scopes();
        if (!scopes.contains(IMPERSONATION)) {
            throw new IllegalArgumentException(s.property("app.scopes") + " is " + scopes + ", but DocuSign's JWT "
                    + "grant needs '" + IMPERSONATION + "'; use 'signature impersonation' or leave it unset");
        }
        URI redirect = s.redirectUri();
        if (redirect == null || !redirect.isAbsolute()) {
            throw new IllegalArgumentException(s.property("redirect-uri") + " must be an absolute URL for DocuSign's "
                    + "JWT grant: users (or an administrator) consent on a DocuSign page that returns there, and it "
                    + "must be one of the integration key's redirect URIs");
        }
        URI consent = UriComponentsBuilder.fromUri(oauthBase)
                .path("/oauth/auth")
                .queryParam("response_type", "code")
                .queryParam("scope", String.join(" ", scopes))
                .queryParam("client_id", s.clientId())
                .queryParam("redirect_uri", redirect)
                .encode()
                .build()
                .toUri();
        String audience = oauthBase.getAuthority();
        String scope = String.join(" ", scopes);
        JwtBearerGrant grant = JwtBearerGrant.builder(
                        tokenUri,
                        app.signer(),
                        (connection, now) -> JwtBearerGrant.assertionClaims(
                                        s.clientId(), audience, connection.appSubject(), scope, now, ASSERTION_LIFETIME)
                                .build())
                .refused(e -> refused(e, consent))
                .build();
        return new DocuSignJwtGrant(grant, adapter);
    }

    private static SaasConnectException refused(ReauthorizationRequiredException e, URI consent) {
        return "consent_required".equals(e.errorCode())
                ? new AppConsentRequiredException(e.registration(), e.connection(), e.errorCode(), consent)
                : new ClientMisconfiguredException(
                        e.registration(),
                        e.connection(),
                        e.errorCode(),
                        "DocuSign refused the JWT grant's assertion; check that app.private-key is an RSA keypair "
                                + "of the integration key (client-id) and that the user GUID exists in this "
                                + "environment (demo and production users differ)");
    }

    @Override
    public Mono<TokenSet> mint(ProviderRegistration registration, ConnectionId connection, AppTokenEndpoint endpoint) {
        if (!USER_ID.matcher(connection.appSubject()).matches()) {
            return Mono.error(new AppCredentialException(
                    registration.id(),
                    connection,
                    "app connection " + connection + " names '" + connection.appSubject() + "' as the user to act "
                            + "for; an app connection of DocuSign is ConnectionId.app(\"" + registration.id()
                            + "\", <user GUID>), the user's API Username (the 'sub' of /oauth/userinfo)"));
        }
        return grant.mint(registration, connection, endpoint)
                .flatMap(tokens -> adapter.discoverApp(registration, connection, tokens, endpoint.webClient())
                        .thenReturn(tokens));
    }

    @Override
    public String toString() {
        return "DocuSignJwtGrant[" + grant + "]";
    }
}
