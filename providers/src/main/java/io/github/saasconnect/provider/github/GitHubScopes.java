package io.github.saasconnect.provider.github;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares the scopes an OAuth App asked for with the ones GitHub granted. Users can edit the scopes they grant, and
 * GitHub answers with the scopes it normalised: a parent scope absorbs its children ({@code user} grants
 * {@code user:email}, {@code repo} grants {@code public_repo}), so a requested child counts as granted when its parent
 * was, following the hierarchy in GitHub's "Scopes for OAuth apps". GitHub Apps take no scopes; their tokens' scope is
 * always empty, and no comparison is made for them.
 */
final class GitHubScopes {

    /** Each parent scope with the scopes it includes (one level; {@link #grants} follows the chain). */
    private static final Map<String, List<String>> CHILDREN = Map.ofEntries(
            Map.entry(
                    "repo", List.of("repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events")),
            Map.entry("admin:repo_hook", List.of("write:repo_hook")),
            Map.entry("write:repo_hook", List.of("read:repo_hook")),
            Map.entry("admin:org", List.of("write:org", "manage_runners:org")),
            Map.entry("write:org", List.of("read:org")),
            Map.entry("admin:public_key", List.of("write:public_key")),
            Map.entry("write:public_key", List.of("read:public_key")),
            Map.entry("user", List.of("read:user", "user:email", "user:follow")),
            Map.entry("project", List.of("read:project")),
            Map.entry("write:discussion", List.of("read:discussion")),
            Map.entry("write:packages", List.of("read:packages")),
            Map.entry("admin:gpg_key", List.of("write:gpg_key")),
            Map.entry("write:gpg_key", List.of("read:gpg_key")),
            Map.entry("admin:ssh_signing_key", List.of("write:ssh_signing_key")),
            Map.entry("write:ssh_signing_key", List.of("read:ssh_signing_key")),
            Map.entry("codespace", List.of("codespace:secrets")),
            Map.entry(
                    "admin:enterprise",
                    List.of("manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise")),
            Map.entry("audit_log", List.of("read:audit_log")));

    private GitHubScopes() {}

    /** The requested scopes that neither were granted nor are included in a granted scope, in request order. */
    static Set<String> missing(Collection<String> requested, Collection<String> granted) {
        Set<String> have = new LinkedHashSet<>();
        granted.forEach(scope -> have.add(scope.strip().toLowerCase(Locale.ROOT)));
        Set<String> missing = new LinkedHashSet<>();
        for (String scope : requested) {
            if (have.stream().noneMatch(g -> grants(g, scope.strip().toLowerCase(Locale.ROOT)))) {
                missing.add(scope);
            }
        }
        return missing;
    }

    /** Whether {@code granted} is {@code wanted} or includes it, directly or through a chain of parents. */
    private static boolean grants(String granted, String wanted) {
        if (granted.equals(wanted)) {
            return true;
        }
        return CHILDREN.getOrDefault(granted, List.of()).stream().anyMatch(child -> grants(child, wanted));
    }
}
