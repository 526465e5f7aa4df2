package io.github.saasconnect.testkit.sandbox.bitbucket;

/** The name of the granted-scopes field in Bitbucket's token response; it changed in 2026. */
public enum BitbucketScopeField {

    /** {@code "scopes": "account repository"}, as before the 2026 change. */
    SCOPES("scopes"),

    /** {@code "scope": "account repository"}, as after the 2026 change. */
    SCOPE("scope");

    private final String fieldName;

    BitbucketScopeField(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The JSON field name. */
    public String fieldName() {
        return fieldName;
    }
}
