package io.github.saasconnect.testkit.sandbox.github;

/** Which kind of GitHub integration the registered client is. */
public enum GitHubAppKind {

    /**
     * A GitHub App with user-token expiration on: {@code ghu_} access tokens for 8 hours, {@code ghr_} refresh tokens
     * with strict rotation, {@code scope} always {@code ""}.
     */
    GITHUB_APP,

    /** An OAuth App: non-expiring {@code gho_} tokens, no refresh token, comma-separated scopes. */
    OAUTH_APP
}
