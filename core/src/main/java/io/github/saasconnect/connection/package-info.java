/**
 * The model: connections, their tokens (as {@link io.github.saasconnect.connection.Secret}s), records and the failure kinds their errors carry.
 */
@NullMarked
package io.github.saasconnect.connection;

import org.jspecify.annotations.NullMarked;
