package io.github.saasconnect.provider;

/** How the client proves itself at the token endpoint (RFC 6749 §2.3.1). */
public enum ClientAuthentication {
    /** HTTP Basic with the URL-encoded client id and secret ({@code client_secret_basic}). */
    CLIENT_SECRET_BASIC,
    /** {@code client_id} and {@code client_secret} in the form body ({@code client_secret_post}). */
    CLIENT_SECRET_POST
}
