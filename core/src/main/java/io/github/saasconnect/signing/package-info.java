/**
 * Signing the JWTs with which an app proves itself (client assertions, GitHub App JWTs, JWT bearer grants): a
 * {@link io.github.saasconnect.signing.JwsSigner} port, a local RSA signer over a PEM key, and PEM parsing. JWS
 * assembly is Nimbus JOSE+JWT's; key material never reaches a message, a log or {@code toString()}.
 */
@org.jspecify.annotations.NullMarked
package io.github.saasconnect.signing;
