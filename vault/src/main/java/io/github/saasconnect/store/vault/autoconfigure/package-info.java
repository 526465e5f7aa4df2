/**
 * Spring Boot auto-configuration of the Vault token store ({@code saas-connect.store.type=vault}, properties under
 * {@code saas-connect.store.vault}) and its Actuator parts. Registered in this module's
 * {@code AutoConfiguration.imports}; the starter does not bring this module, so an application on the file store
 * has no Spring Vault on its class path.
 */
@NullMarked
package io.github.saasconnect.store.vault.autoconfigure;

import org.jspecify.annotations.NullMarked;
