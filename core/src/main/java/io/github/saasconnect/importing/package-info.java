/**
 * Importing existing grants without asking users to connect again: {@link io.github.saasconnect.importing.TokenImport}
 * stores {@link io.github.saasconnect.importing.ImportedGrant}s (refresh tokens obtained by another system with the
 * same OAuth client), verifies each with one refresh unless told not to, never overwrites a newer record, and returns an
 * {@link io.github.saasconnect.importing.ImportReport}.
 */
@NullMarked
package io.github.saasconnect.importing;

import org.jspecify.annotations.NullMarked;
