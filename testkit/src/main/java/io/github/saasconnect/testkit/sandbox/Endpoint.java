package io.github.saasconnect.testkit.sandbox;

/** The kinds of endpoint a sandbox serves; requests are counted and faults are queued per kind. */
public enum Endpoint {

    /** The authorization endpoint and its consent page. */
    AUTHORIZATION,

    /** The token endpoint: code exchange and refresh. */
    TOKEN,

    /** An app-token endpoint that is not the OAuth token endpoint (GitHub's installation access tokens). */
    APP_TOKEN,

    /** A token or grant revocation endpoint. */
    REVOCATION,

    /** The post-login identity endpoint (OIDC userinfo, DocuSign userinfo). */
    USERINFO,

    /** An OpenID Connect discovery document. */
    DISCOVERY,

    /** A JSON Web Key Set. */
    KEYS,

    /** Any resource API endpoint (Drive, Graph, GitHub REST, eSignature REST, Bitbucket 2.0). */
    API,

    /** A request that matched no route (answered 404). */
    UNKNOWN
}
