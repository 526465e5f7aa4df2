/**
 * The store test kit: contract suites that every {@link io.github.saasconnect.store.TokenStore} and
 * {@link io.github.saasconnect.store.PendingAuthorizationStore} must pass. Extend a suite in your store's tests
 * and say how to open a fresh, empty store; the suite checks compare-and-set, paging, concurrent races and
 * round trips of every field.
 */
@NullMarked
package io.github.saasconnect.store.tck;

import org.jspecify.annotations.NullMarked;
