package io.github.saasconnect.provider.github;

import java.util.Arrays;
import java.util.List;

/** The two kinds of GitHub app that act for users; both use the same endpoints. */
enum GitHubAppType {
    /** Expiring user tokens (8 h) with strictly rotating refresh tokens; takes no scopes, only app permissions. */
    GITHUB_APP("github-app"),
    /** Traditionally non-expiring tokens without refresh tokens; scopes chosen per request. */
    OAUTH_APP("oauth-app");

    private final String configName;

    GitHubAppType(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }

    static List<String> configNames() {
        return Arrays.stream(values()).map(GitHubAppType::configName).toList();
    }

    static GitHubAppType of(String configName) {
        return Arrays.stream(values())
                .filter(t -> t.configName.equals(configName))
                .findFirst()
                .orElseThrow();
    }
}
