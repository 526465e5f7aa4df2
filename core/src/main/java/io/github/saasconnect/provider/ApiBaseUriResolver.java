package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The API base URL of one connection. Most providers have one per registration; DocuSign has one per account,
 * recorded on the connection by its {@link AccountDiscovery}.
 */
@FunctionalInterface
public interface ApiBaseUriResolver {

    /**
     * The descriptor's {@link ProviderDescriptor#apiBaseUri()} for every connection; the authorized clients then
     * never read a record to find it.
     */
    ApiBaseUriResolver PER_REGISTRATION =
            (registration, record) -> registration.descriptor().apiBaseUri();

    /** The base URL for {@code record}'s API calls, or {@code null} when the registration has none. */
    URI apiBaseUri(ProviderRegistration registration, ConnectionRecord record);

    /**
     * The base URL for the API calls of app connection {@code id} (which has no record), asked after its token was
     * minted, so that a provider that learns the API host while minting (DocuSign's userinfo) can answer; by default
     * the registration's.
     */
    default @Nullable URI appApiBaseUri(ProviderRegistration registration, ConnectionId id) {
        return registration.descriptor().apiBaseUri();
    }
}
