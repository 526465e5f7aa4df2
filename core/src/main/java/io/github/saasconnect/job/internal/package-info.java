/**
 * How jobs walk the store's connections page by page; not an API: other modules must not use it (the architecture tests say so).
 */
@NullMarked
package io.github.saasconnect.job.internal;

import org.jspecify.annotations.NullMarked;
