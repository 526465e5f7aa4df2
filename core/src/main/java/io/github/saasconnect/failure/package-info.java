/**
 * The exceptions of the error taxonomy, each naming the connection or registration concerned and what fixes it.
 */
@NullMarked
package io.github.saasconnect.failure;

import org.jspecify.annotations.NullMarked;
