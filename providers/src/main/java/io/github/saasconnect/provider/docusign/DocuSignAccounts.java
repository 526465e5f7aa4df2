package io.github.saasconnect.provider.docusign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The accounts of a DocuSign user, from {@code /oauth/userinfo}, and the rule that picks the one a connection uses:
 * the configured {@code account-id}, else the account marked {@code is_default}.
 */
final class DocuSignAccounts {

    /** One usable account: its id, its API host and its display name (may be {@code null}). */
    record Account(String accountId, String baseUri, String name) {}

    private final List<Account> accounts;
    private final String defaultAccountId;

    private DocuSignAccounts(List<Account> accounts, String defaultAccountId) {
        this.accounts = List.copyOf(accounts);
        this.defaultAccountId = defaultAccountId;
    }

    /** The accounts in a userinfo answer; entries without {@code account_id} or {@code base_uri} are skipped. */
    static DocuSignAccounts of(Map<String, Object> userinfo) {
        List<Account> found = new ArrayList<>();
        String defaultId = null;
        if (userinfo.get("accounts") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> account
                        && account.get("account_id") != null
                        && account.get("base_uri") instanceof String baseUri
                        && !baseUri.isBlank()) {
                    String id = String.valueOf(account.get("account_id"));
                    found.add(new Account(
                            id, strip(baseUri), account.get("account_name") instanceof String n ? n : null));
                    Object isDefault = account.get("is_default");
                    if (defaultId == null && (Boolean.TRUE.equals(isDefault) || "true".equals(isDefault))) {
                        defaultId = id;
                    }
                }
            }
        }
        return new DocuSignAccounts(found, defaultId);
    }

    /**
     * The account to use: {@code wanted} when set, else the default one, else the only one. Empty when none fits;
     * the caller reports why with {@link #ids()}.
     */
    java.util.Optional<Account> choose(String wanted) {
        String id = wanted != null ? wanted : defaultAccountId;
        if (id == null) {
            return accounts.size() == 1 ? java.util.Optional.of(accounts.get(0)) : java.util.Optional.empty();
        }
        return accounts.stream().filter(a -> a.accountId().equalsIgnoreCase(id)).findFirst();
    }

    /** The account ids the user has, for messages (account ids are not secrets). */
    List<String> ids() {
        return accounts.stream().map(Account::accountId).toList();
    }

    private static String strip(String uri) {
        String s = uri.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
