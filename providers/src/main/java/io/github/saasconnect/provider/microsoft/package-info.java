/**
 * Microsoft identity platform (Graph): its provider type and the hooks its descriptor cannot express.
 */
@NullMarked
package io.github.saasconnect.provider.microsoft;

import org.jspecify.annotations.NullMarked;
