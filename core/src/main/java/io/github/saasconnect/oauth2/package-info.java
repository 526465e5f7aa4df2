/**
 * The OAuth 2.0 protocol client: authorization requests, PKCE, code exchange, refresh and revocation.
 */
@NullMarked
package io.github.saasconnect.oauth2;

import org.jspecify.annotations.NullMarked;
