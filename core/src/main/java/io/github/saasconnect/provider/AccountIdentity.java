package io.github.saasconnect.provider;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which of a connection's attributes (what the provider's {@link AccountDiscovery} stored) name the provider account,
 * so a settings page can show who is connected without knowing each provider's attribute names.
 *
 * @param accountIdAttribute the provider's stable account id (GitHub {@code user_id}, Google {@code sub}, Microsoft
 *     {@code oid}, Bitbucket {@code uuid}, DocuSign {@code sub}), or {@code null} when the provider gives none
 * @param loginAttribute a login or user name, for display only (it can change), or {@code null}
 * @param displayNameAttribute a display name, or {@code null}
 * @param emailAttribute an e-mail address, or {@code null}
 */
public record AccountIdentity(
        @Nullable String accountIdAttribute,
        @Nullable String loginAttribute,
        @Nullable String displayNameAttribute,
        @Nullable String emailAttribute) {

    /** Nothing known about the account. */
    public static final AccountIdentity NONE = new AccountIdentity(null, null, null, null);

    /** The account id in {@code attributes}, or {@code null}. */
    public @Nullable String accountId(Map<String, String> attributes) {
        return get(attributes, accountIdAttribute);
    }

    /** The login in {@code attributes}, or {@code null}. */
    public @Nullable String login(Map<String, String> attributes) {
        return get(attributes, loginAttribute);
    }

    /** The display name in {@code attributes}, or {@code null}. */
    public @Nullable String displayName(Map<String, String> attributes) {
        return get(attributes, displayNameAttribute);
    }

    /** The e-mail address in {@code attributes}, or {@code null}. */
    public @Nullable String email(Map<String, String> attributes) {
        return get(attributes, emailAttribute);
    }

    private static @Nullable String get(Map<String, String> attributes, @Nullable String name) {
        Objects.requireNonNull(attributes, "attributes");
        return name == null ? null : attributes.get(name);
    }
}
