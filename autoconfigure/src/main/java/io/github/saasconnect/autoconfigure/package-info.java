/**
 * Spring Boot auto-configuration of SaaS Connect: properties, startup validation, the store, the token manager and the clients.
 */
@NullMarked
package io.github.saasconnect.autoconfigure;

import org.jspecify.annotations.NullMarked;
