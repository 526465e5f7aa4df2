/**
 * Bitbucket Cloud: its provider type and the hooks its descriptor cannot express.
 */
@NullMarked
package io.github.saasconnect.provider.bitbucket;

import org.jspecify.annotations.NullMarked;
