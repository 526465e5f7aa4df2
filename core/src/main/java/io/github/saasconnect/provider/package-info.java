/**
 * What a provider is ({@link io.github.saasconnect.provider.ProviderType}, {@link io.github.saasconnect.provider.ProviderDescriptor}) and the registrations an application configures.
 */
@NullMarked
package io.github.saasconnect.provider;

import org.jspecify.annotations.NullMarked;
