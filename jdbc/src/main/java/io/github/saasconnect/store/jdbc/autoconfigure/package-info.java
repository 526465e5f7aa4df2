/** Auto-configuration of the JDBC token store ({@code saas-connect.store.type=jdbc}). */
@NullMarked
package io.github.saasconnect.store.jdbc.autoconfigure;

import org.jspecify.annotations.NullMarked;
