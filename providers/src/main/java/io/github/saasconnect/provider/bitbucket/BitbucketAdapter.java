package io.github.saasconnect.provider.bitbucket;

import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.AccountDiscovery;
import io.github.saasconnect.provider.AccountIdentity;
import io.github.saasconnect.provider.ProviderApiCall;
import io.github.saasconnect.provider.ProviderRegistration;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Bitbucket Cloud's quirks that need code: the user's {@code uuid} from {@code GET /2.0/user} as the stable account
 * id. Errors are standard; there is no revocation endpoint, so the standard hook answers
 * {@link io.github.saasconnect.provider.Revocation#NOT_SUPPORTED}.
 */
final class BitbucketAdapter implements AccountDiscovery {

    /** Connection attribute: the user's {@code uuid}, braces included ({@code {...}}). */
    static final String UUID = "uuid";
    /** Connection attribute: the user's Atlassian account id. */
    static final String ACCOUNT_ID = "account_id";
    /** Connection attribute: the user's nickname, for display only. */
    static final String NICKNAME = "nickname";
    /** Connection attribute: the user's display name. */
    static final String DISPLAY_NAME = "display_name";
    /** Who the account is: the uuid is stable, the names are for display. */
    static final AccountIdentity IDENTITY = new AccountIdentity(UUID, NICKNAME, DISPLAY_NAME, null);

    /** {@code GET {api}/2.0/user}; needs the consumer's {@code account} permission. */
    @Override
    public Mono<Map<String, String>> discover(ProviderRegistration registration, TokenSet tokens, WebClient http) {
        URI user = URI.create(registration.descriptor().apiBaseUri() + "/2.0/user");
        return ProviderApiCall.getJson(
                        http,
                        registration,
                        user,
                        tokens.accessToken(),
                        "Bitbucket GET /2.0/user " + "(needs the consumer's 'account' permission)")
                .map(body -> {
                    if (!(body.get("uuid") instanceof String uuid) || uuid.isBlank()) {
                        throw new TransientFailureException(
                                registration.id(), null, 200, "Bitbucket GET /2.0/user answered without 'uuid'", null);
                    }
                    Map<String, String> attributes = new LinkedHashMap<>();
                    attributes.put(UUID, uuid);
                    if (body.get("account_id") instanceof String accountId) {
                        attributes.put(ACCOUNT_ID, accountId);
                    }
                    if (body.get("nickname") instanceof String nickname) {
                        attributes.put(NICKNAME, nickname);
                    }
                    if (body.get("display_name") instanceof String displayName) {
                        attributes.put(DISPLAY_NAME, displayName);
                    }
                    return attributes;
                });
    }
}
