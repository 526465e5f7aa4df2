/**
 * Hands out valid access tokens ({@link io.github.saasconnect.token.TokenManager}): cache, single flight, refresh lease across instances.
 */
@NullMarked
package io.github.saasconnect.token;

import org.jspecify.annotations.NullMarked;
