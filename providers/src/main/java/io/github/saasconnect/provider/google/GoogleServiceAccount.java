package io.github.saasconnect.provider.google;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.JwtBearerGrant;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A Google service account (providers.md §1.9): the JWT bearer grant with the service account's key ({@code iss} its
 * e-mail, {@code aud} the token endpoint, one hour at most), acting as the service account itself or, with
 * domain-wide delegation, as a user of the Workspace domain ({@code sub}). The app connection's subject names both:
 * {@link #SELF}, or the user's e-mail, optionally followed by {@code ;scope=} and the space-separated scopes of that
 * connection ({@link #connection}); without them {@code app.scopes} apply.
 */
public final class GoogleServiceAccount {

    /** The subject of the service account acting as itself. */
    public static final String SELF = "service-account";

    static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    private static final String SCOPE = ";scope=";

    private GoogleServiceAccount() {}

    /**
     * The app connection of {@code registration} acting as {@code user} (or {@link #SELF}) with {@code scopes}; none
     * given: the registration's {@code app.scopes}.
     */
    public static ConnectionId connection(String registration, String user, String... scopes) {
        Objects.requireNonNull(user, "user");
        return ConnectionId.app(registration, scopes.length == 0 ? user : user + SCOPE + String.join(" ", scopes));
    }

    /**
     * The grant of a registration whose {@code app.*} is set.
     *
     * @throws IllegalArgumentException naming the property that is missing
     */
    static JwtBearerGrant grant(RegistrationSettings s, URI tokenUri) {
        AppCredentials app = s.app();
        if (app.signer() == null) {
            throw new IllegalArgumentException(s.property("app.private-key") + " is not set: a service account signs "
                    + "with the private_key of its JSON key file (PEM), client secrets do not apply");
        }
        if (app.issuer() == null) {
            throw new IllegalArgumentException(s.property("app.issuer") + " is not set: set it to the service "
                    + "account's e-mail (client_email in its key file)");
        }
        return JwtBearerGrant.builder(
                        tokenUri, app.signer(), (connection, now) -> claims(s, app, tokenUri, connection, now))
                .header(header -> app.parameters().containsKey("key-id")
                        ? header.keyID(app.parameters().get("key-id"))
                        : header)
                .build();
    }

    private static JWTClaimsSet claims(
            RegistrationSettings s, AppCredentials app, URI tokenUri, ConnectionId connection, Instant now) {
        String subject = connection.appSubject();
        int at = subject.indexOf(SCOPE);
        String user = at < 0 ? subject : subject.substring(0, at);
        List<String> scopes = at < 0
                ? app.scopes()
                : Arrays.stream(subject.substring(at + SCOPE.length()).split("\\s+"))
                        .filter(scope -> !scope.isEmpty())
                        .toList();
        if (scopes.isEmpty()) {
            throw new AppCredentialException(
                    s.id(),
                    connection,
                    "app connection " + connection + " asks for no scope; set " + s.property("app.scopes")
                            + " or name them with GoogleServiceAccount.connection(id, user, scopes...)");
        }
        if (!user.equals(SELF) && !user.contains("@")) {
            throw new AppCredentialException(
                    s.id(),
                    connection,
                    "app connection " + connection + " names '" + user + "' as the user to act for; use the user's "
                            + "e-mail, or '" + SELF + "' for the service account itself");
        }
        return JwtBearerGrant.assertionClaims(
                        app.issuer(),
                        tokenUri.toString(),
                        user.equals(SELF) ? null : user,
                        String.join(" ", scopes),
                        now,
                        ASSERTION_LIFETIME)
                .build();
    }
}
