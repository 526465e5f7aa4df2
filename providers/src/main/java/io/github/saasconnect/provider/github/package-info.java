/**
 * GitHub (GitHub Apps and OAuth Apps): its provider type and the hooks its descriptor cannot express.
 */
@NullMarked
package io.github.saasconnect.provider.github;

import org.jspecify.annotations.NullMarked;
