package io.github.saasconnect.provider.docusign;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.AccountDiscovery;
import io.github.saasconnect.provider.AccountIdentity;
import io.github.saasconnect.provider.ApiBaseUriResolver;
import io.github.saasconnect.provider.ProviderApiCall;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.StandardErrorClassifier;
import io.github.saasconnect.provider.TokenErrorClassifier;
import io.github.saasconnect.provider.TokenErrorResponse;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * DocuSign's quirks: the API host differs per account, so discovery after every code exchange reads
 * {@code /oauth/userinfo} and records the account and its {@code base_uri}, and every API call goes to
 * {@code {base_uri}/restapi}. There is no revocation endpoint.
 */
final class DocuSignAdapter implements TokenErrorClassifier, AccountDiscovery, ApiBaseUriResolver {

    /** Connection attribute: the account the connection works in. */
    static final String ACCOUNT_ID = "account_id";
    /** Connection attribute: that account's API host, for example {@code https://demo.docusign.net}. */
    static final String BASE_URI = "base_uri";
    /** Connection attribute: that account's display name, when DocuSign gives one. */
    static final String ACCOUNT_NAME = "account_name";
    /** Connection attribute: the user's GUID, the stable user id. */
    static final String SUB = "sub";
    /** Connection attribute: the user's name from userinfo. */
    static final String NAME = "name";
    /** Connection attribute: the user's e-mail address from userinfo. */
    static final String EMAIL = "email";
    /** Who the account is: the user's GUID; the DocuSign account is {@code account_id}/{@code account_name}. */
    static final AccountIdentity IDENTITY = new AccountIdentity(SUB, null, NAME, EMAIL);

    private final URI userInfoUri;
    private final DocuSignApiHosts apiHosts;
    private final String accountId;
    private final String accountIdProperty;
    /** What discovery found for each app connection when its token was last minted; app connections have no record. */
    private final Map<ConnectionId, Map<String, String>> appAccounts = new ConcurrentHashMap<>();

    /**
     * @param userInfoUri the Account Server's {@code /oauth/userinfo}
     * @param accountId the configured account, or {@code null} for the user's default account
     * @param accountIdProperty the property that configures it, for messages
     */
    DocuSignAdapter(URI userInfoUri, String accountId, String accountIdProperty) {
        this.userInfoUri = userInfoUri;
        this.apiHosts = new DocuSignApiHosts(userInfoUri);
        this.accountId = accountId;
        this.accountIdProperty = accountIdProperty;
    }

    @Override
    public SaasConnectException classify(
            ProviderRegistration registration, ConnectionId connection, TokenErrorResponse error) {
        // A wrong secret has been reported as invalid_grant / expired_client_token: treating it as a dead grant
        // would mark every connection; it is the registration that needs fixing.
        if ("invalid_grant".equals(error.error())
                && error.description() != null
                && error.description().contains("expired_client_token")) {
            return new ClientMisconfiguredException(
                    registration.id(),
                    connection,
                    "expired_client_token",
                    "DocuSign refused the integration key's secret; check client-secret");
        }
        return StandardErrorClassifier.classify(registration.id(), connection, error);
    }

    @Override
    public Mono<Map<String, String>> discover(ProviderRegistration registration, TokenSet tokens, WebClient http) {
        return userinfo(registration, tokens, http, (code, detail) -> notUsable(registration, code, detail));
    }

    private Mono<Map<String, String>> userinfo(
            ProviderRegistration registration, TokenSet tokens, WebClient http, NotUsable notUsable) {
        return ProviderApiCall.getJson(
                        http, registration, userInfoUri, tokens.accessToken(), "DocuSign GET /oauth/userinfo")
                .map(userinfo -> attributes(registration, userinfo, notUsable));
    }

    /** The failure for an account that cannot be used: the connect flow's, or an app connection's. */
    @FunctionalInterface
    private interface NotUsable {
        SaasConnectException failure(String code, String detail);
    }

    /**
     * The discovery of a connected user, for the user an app connection acts for: remembered as that connection's
     * account and API host. An account that cannot be used is the application's to fix (its {@code account-id} or
     * the subject), not a grant to renew.
     */
    Mono<Map<String, String>> discoverApp(
            ProviderRegistration registration, ConnectionId connection, TokenSet tokens, WebClient http) {
        return userinfo(
                        registration,
                        tokens,
                        http,
                        (code, detail) -> new AppCredentialException(
                                registration.id(),
                                connection,
                                "app connection " + connection + " has no usable DocuSign account ('" + code + "'): "
                                        + detail))
                .doOnNext(attributes -> appAccounts.put(connection, attributes));
    }

    /** The account an app connection works in, once its token was minted. */
    Optional<String> appAccountId(ConnectionId connection) {
        return Optional.ofNullable(appAccounts.get(connection)).map(a -> a.get(ACCOUNT_ID));
    }

    private Map<String, String> attributes(
            ProviderRegistration registration, Map<String, Object> userinfo, NotUsable notUsable) {
        DocuSignAccounts accounts = DocuSignAccounts.of(userinfo);
        DocuSignAccounts.Account account = accounts.choose(accountId).orElseThrow(() -> {
            if (accounts.ids().isEmpty()) {
                return notUsable.failure(
                        "no_account",
                        "the DocuSign user has no account with an API base_uri; "
                                + "connect with a user who belongs to an eSignature account");
            }
            if (accountId != null) {
                return notUsable.failure(
                        "account_not_found",
                        "the DocuSign user is not a member of account "
                                + accountId + " set by " + accountIdProperty + " (their accounts: " + accounts.ids()
                                + "); "
                                + "connect with a user of that account or change " + accountIdProperty);
            }
            return notUsable.failure(
                    "no_default_account",
                    "the DocuSign user has several accounts " + accounts.ids() + " and none is marked default; set "
                            + accountIdProperty + " to choose one");
        });
        if (!apiHosts.trusts(account.baseUri())) {
            throw notUsable.failure(
                    "untrusted_base_uri",
                    "DocuSign's userinfo named " + account.baseUri() + " as the API host of account "
                            + account.accountId() + ", which is neither an https DocuSign host (*.docusign.net, "
                            + "*.docusign.com) nor the configured Account Server; no token is sent there");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (userinfo.get("sub") instanceof String sub) {
            attributes.put(SUB, sub);
        } else {
            throw new TransientFailureException(
                    registration.id(), null, 200, "DocuSign GET /oauth/userinfo answered without 'sub'", null);
        }
        attributes.put(ACCOUNT_ID, account.accountId());
        attributes.put(BASE_URI, account.baseUri());
        if (userinfo.get("name") instanceof String name) {
            attributes.put(NAME, name);
        }
        if (userinfo.get("email") instanceof String email) {
            attributes.put(EMAIL, email);
        }
        if (account.name() != null) {
            attributes.put(ACCOUNT_NAME, account.name());
        }
        return attributes;
    }

    /** The connect flow sends the user back with {@code code} and logs {@code detail}; nothing is stored. */
    private static ReauthorizationRequiredException notUsable(
            ProviderRegistration registration, String code, String detail) {
        return new ReauthorizationRequiredException(
                registration.id(), null, ReauthorizationCause.ACCOUNT_NOT_USABLE, code, detail);
    }

    /** {@code {base_uri}/restapi}; callers add {@code /v2.1/accounts/{account_id}/...}. */
    @Override
    public URI apiBaseUri(ProviderRegistration registration, ConnectionRecord record) {
        String baseUri = record.attributes().get(BASE_URI);
        if (baseUri != null) {
            return URI.create(baseUri + "/restapi");
        }
        if (registration.descriptor().apiBaseUri() != null) {
            return registration.descriptor().apiBaseUri();
        }
        throw new IllegalStateException("connection " + record.id() + " has no DocuSign base_uri (it was stored "
                + "without discovery); the user must connect again, or set "
                + "saas-connect.providers." + registration.id() + ".api-base-uri");
    }

    /** {@code {base_uri}/restapi} of the account discovered when the app connection's token was minted. */
    @Override
    public URI appApiBaseUri(ProviderRegistration registration, ConnectionId id) {
        Map<String, String> discovered = appAccounts.get(id);
        return discovered != null
                ? URI.create(discovered.get(BASE_URI) + "/restapi")
                : registration.descriptor().apiBaseUri();
    }
}
