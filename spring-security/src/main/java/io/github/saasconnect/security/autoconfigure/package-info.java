/** Auto-configuration of the Spring Security bridge, active when Spring Security's OAuth2 client is present. */
@NullMarked
package io.github.saasconnect.security.autoconfigure;

import org.jspecify.annotations.NullMarked;
