package io.github.saasconnect.security;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.importing.ImportOptions;
import io.github.saasconnect.importing.ImportOutcome;
import io.github.saasconnect.importing.ImportReport;
import io.github.saasconnect.importing.ImportedGrant;
import io.github.saasconnect.importing.TokenImport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.client.JdbcOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Imports the authorized clients Spring Security kept in its JDBC schema ({@code oauth2_authorized_client}, written by
 * {@link JdbcOAuth2AuthorizedClientService}) as SaaS Connect connections, so users of an application that moves to the
 * bridge need not log in or consent again. Only the bridged registrations ({@code from-spring-security}) are imported,
 * each under the SaaS Connect registration that names it, owned by Spring Security's principal name (the owner the
 * bridge uses). Each authorized client is read through Spring Security's own service, so its column encodings are
 * Spring Security's business; the refresh token's issue time (else the access token's) tells whether a stored record
 * is newer. An authorized client without a refresh token cannot be imported: it is reported skipped.
 *
 * <p>The table is only read. Run it once, for instance from an {@code ApplicationRunner}, and check the report.
 */
public final class SpringSecurityAuthorizedClientImport {

    private static final String KEYS =
            "SELECT client_registration_id, principal_name FROM oauth2_authorized_client ORDER BY 1, 2";

    private final JdbcOperations jdbc;
    private final JdbcOAuth2AuthorizedClientService clients;
    private final BridgedRegistrations bridged;
    private final TokenImport tokenImport;

    /**
     * @param jdbc the database holding Spring Security's {@code oauth2_authorized_client} table
     * @param registrations Spring Security's client registrations (those of the stored clients must be there)
     * @param bridged which Spring Security registrations SaaS Connect serves, under which ids
     * @param tokenImport where the grants go
     */
    public SpringSecurityAuthorizedClientImport(
            JdbcOperations jdbc,
            ClientRegistrationRepository registrations,
            BridgedRegistrations bridged,
            TokenImport tokenImport) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clients = new JdbcOAuth2AuthorizedClientService(jdbc, registrations);
        this.bridged = Objects.requireNonNull(bridged, "bridged");
        this.tokenImport = Objects.requireNonNull(tokenImport, "tokenImport");
    }

    /**
     * Imports every authorized client of a bridged registration. The report lists those with a refresh token in table
     * order (registration, principal), then those without; the clients of other registrations are not in it.
     */
    public Mono<ImportReport> importAll(ImportOptions options) {
        return Mono.fromCallable(this::readBridged)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(read -> tokenImport.importAll(read.grants(), options).map(imported -> {
                    List<ImportOutcome> all = new ArrayList<>(imported.outcomes());
                    all.addAll(read.withoutRefreshToken());
                    return new ImportReport(all);
                }));
    }

    private record Read(List<ImportedGrant> grants, List<ImportOutcome> withoutRefreshToken) {}

    private Read readBridged() {
        List<ImportedGrant> grants = new ArrayList<>();
        List<ImportOutcome> withoutRefreshToken = new ArrayList<>();
        jdbc.query(KEYS, row -> {
            String springId = row.getString(1);
            String principal = row.getString(2);
            String ours = bridged.ours(springId);
            if (ours == null) {
                return; // Spring Security's own registration: not ours to import
            }
            ConnectionId id = ConnectionId.of(ours, principal);
            OAuth2AuthorizedClient client = clients.loadAuthorizedClient(springId, principal);
            OAuth2RefreshToken refreshToken = client == null ? null : client.getRefreshToken();
            if (refreshToken == null) {
                withoutRefreshToken.add(new ImportOutcome(
                        id,
                        ImportOutcome.Result.SKIPPED,
                        "Spring Security holds no refresh token for it; the user must connect"));
                return;
            }
            grants.add(new ImportedGrant(
                    id,
                    Secret.of(refreshToken.getTokenValue()),
                    Secret.ofNullable(client.getAccessToken().getTokenValue()),
                    client.getAccessToken().getExpiresAt(),
                    client.getAccessToken().getScopes(),
                    issuedAt(refreshToken.getIssuedAt(), client.getAccessToken().getIssuedAt())));
        });
        return new Read(grants, withoutRefreshToken);
    }

    private static @Nullable Instant issuedAt(@Nullable Instant refreshToken, @Nullable Instant accessToken) {
        return refreshToken != null ? refreshToken : accessToken;
    }
}
