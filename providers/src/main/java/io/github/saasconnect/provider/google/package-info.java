/**
 * Google: its provider type and the hooks its descriptor cannot express.
 */
@NullMarked
package io.github.saasconnect.provider.google;

import org.jspecify.annotations.NullMarked;
