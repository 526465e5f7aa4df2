/**
 * Refreshes connections whose provider lets idle refresh tokens die ({@link io.github.saasconnect.keepalive.KeepAliveSweep}).
 */
@NullMarked
package io.github.saasconnect.keepalive;

import org.jspecify.annotations.NullMarked;
