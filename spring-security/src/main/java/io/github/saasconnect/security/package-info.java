/**
 * Spring Security's OAuth2 client on SaaS Connect's engine: an {@code OAuth2AuthorizedClientService} and an
 * {@code OAuth2AuthorizedClientManager} (and their reactive twins) backed by the {@code TokenStore} and the
 * {@code TokenManager}, and registrations read from {@code spring.security.oauth2.client.*}.
 */
@NullMarked
package io.github.saasconnect.security;

import org.jspecify.annotations.NullMarked;
