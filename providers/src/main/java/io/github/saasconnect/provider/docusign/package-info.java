/**
 * DocuSign eSignature: its provider type and the hooks its descriptor cannot express.
 */
@NullMarked
package io.github.saasconnect.provider.docusign;

import org.jspecify.annotations.NullMarked;
