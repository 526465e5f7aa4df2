/**
 * Where connections and pending authorizations are kept: the {@link io.github.saasconnect.store.TokenStore} and {@link io.github.saasconnect.store.PendingAuthorizationStore} contracts and their in-memory implementations.
 */
@NullMarked
package io.github.saasconnect.store;

import org.jspecify.annotations.NullMarked;
