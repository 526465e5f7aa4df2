/**
 * Connection events, published as Spring application events; they carry ids and times, never tokens.
 */
@NullMarked
package io.github.saasconnect.event;

import org.jspecify.annotations.NullMarked;
