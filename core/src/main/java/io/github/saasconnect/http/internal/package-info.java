/**
 * The one HTTP status to failure mapping of core's outgoing calls; not an API: other modules must not use it (the architecture tests say so).
 */
@NullMarked
package io.github.saasconnect.http.internal;

import org.jspecify.annotations.NullMarked;
