package io.github.saasconnect.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GitHubScopesTest {

    @Test
    void aScopeTheUserUntickedIsMissingInRequestOrder() {
        assertThat(GitHubScopes.missing(List.of("repo", "read:user", "gist"), List.of("read:user")))
                .containsExactly("repo", "gist");
    }

    @Test
    void aGrantedParentScopeIncludesTheRequestedChildren() {
        assertThat(GitHubScopes.missing(List.of("user:email", "read:user", "public_repo"), List.of("user", "repo")))
                .isEmpty();
    }

    @Test
    void theHierarchyIsFollowedThroughSeveralLevels() {
        assertThat(GitHubScopes.missing(List.of("read:org", "read:repo_hook"), List.of("admin:org", "admin:repo_hook")))
                .isEmpty();
    }

    @Test
    void aChildNeverStandsInForItsParent() {
        assertThat(GitHubScopes.missing(List.of("repo", "user"), List.of("public_repo", "read:user", "user:email")))
                .containsExactly("repo", "user");
    }

    @Test
    void spellingAndSpacingOfTheAnswerDoNotMatter() {
        assertThat(GitHubScopes.missing(List.of("repo", "read:org"), List.of(" Repo", "write:org ")))
                .isEmpty();
    }
}
