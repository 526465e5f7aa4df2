/**
 * Helpers for core's own packages; not an API: other modules must not use them (the architecture tests say so).
 */
@NullMarked
package io.github.saasconnect.connection.internal;

import org.jspecify.annotations.NullMarked;
