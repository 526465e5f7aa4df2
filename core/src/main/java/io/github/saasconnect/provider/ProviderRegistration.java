package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One configured client at one provider: the app's registration id, the provider's descriptor (its facts and
 * strategies), and the client credentials.
 *
 * @param id the registration id, as in {@code saas-connect.providers.<id>}
 * @param descriptor the provider facts and strategies
 * @param clientId the OAuth client id
 * @param clientSecret the OAuth client secret, or {@code null} for public clients
 * @param scopes the scopes the app asks for (the descriptor's required scopes are added)
 * @param redirectUri the registered redirect URI, or {@code null} when the connect flow derives it
 * @param refreshSkew refresh this long before the access token expires
 * @param optionalScopes scopes a connect may ask for on top of {@link #requestedScopes()} (incremental consent: the
 *     app asks for them when a feature needs them); never requested unless a connect names them
 * @param accounts how many provider accounts an owner may connect, and what a reconnect as another account does
 *     ({@link AccountPolicy#SINGLE} by default)
 */
public record ProviderRegistration(
        String id,
        ProviderDescriptor descriptor,
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        URI redirectUri,
        Duration refreshSkew,
        List<String> optionalScopes,
        AccountPolicy accounts) {

    public ProviderRegistration {
        ConnectionId.requireValidRegistration(id);
        Objects.requireNonNull(descriptor, "descriptor");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("client id of registration '" + id + "' must not be empty");
        }
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        refreshSkew = refreshSkew == null ? Duration.ofSeconds(60) : refreshSkew;
        optionalScopes = optionalScopes == null ? List.of() : List.copyOf(optionalScopes);
        accounts = accounts == null ? AccountPolicy.SINGLE : accounts;
    }

    /** A registration with one connection per owner ({@link AccountPolicy#SINGLE}). */
    public ProviderRegistration(
            String id,
            ProviderDescriptor descriptor,
            String clientId,
            Secret clientSecret,
            List<String> scopes,
            URI redirectUri,
            Duration refreshSkew,
            List<String> optionalScopes) {
        this(id, descriptor, clientId, clientSecret, scopes, redirectUri, refreshSkew, optionalScopes, null);
    }

    /** A registration without optional scopes. */
    public ProviderRegistration(
            String id,
            ProviderDescriptor descriptor,
            String clientId,
            Secret clientSecret,
            List<String> scopes,
            URI redirectUri,
            Duration refreshSkew) {
        this(id, descriptor, clientId, clientSecret, scopes, redirectUri, refreshSkew, List.of(), null);
    }

    /** The scopes a connect may ask for: {@link #requestedScopes()} and the optional ones. */
    public Set<String> allowedScopes() {
        Set<String> all = requestedScopes();
        all.addAll(optionalScopes);
        return all;
    }

    /** This registration allowing connects to ask for {@code optional} scopes on top of its own. */
    public ProviderRegistration withOptionalScopes(List<String> optional) {
        return new ProviderRegistration(
                id, descriptor, clientId, clientSecret, scopes, redirectUri, refreshSkew, optional, accounts);
    }

    /** This registration with the account policy {@code policy}. */
    public ProviderRegistration withAccounts(AccountPolicy policy) {
        return new ProviderRegistration(
                id, descriptor, clientId, clientSecret, scopes, redirectUri, refreshSkew, optionalScopes, policy);
    }

    /**
     * Whether the provider's authorization keeps the scopes granted earlier when a new request names fewer (Google's
     * {@code include_granted_scopes=true}); elsewhere a reconnect must ask for every scope the connection keeps.
     */
    public boolean includesGrantedScopes() {
        return "true".equals(descriptor.authorizationParameters().get("include_granted_scopes"));
    }

    /**
     * This registration asking for {@code extra} scopes on top of its own, for one authorization: its
     * {@link #requestedScopes()} then include them.
     *
     * @throws IllegalArgumentException naming the scopes that are not among {@link #allowedScopes()} and the property
     *     that allows them
     */
    public ProviderRegistration requesting(Collection<String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Set<String> allowed = allowedScopes();
        Set<String> refused = new LinkedHashSet<>();
        for (String scope : extra) {
            if (!allowed.contains(scope)) {
                refused.add(scope);
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("registration '" + id + "' does not allow the scopes " + refused
                    + "; list them in saas-connect.providers." + id + ".optional-scopes");
        }
        Set<String> all = new LinkedHashSet<>(scopes);
        all.addAll(extra);
        return new ProviderRegistration(
                id,
                descriptor,
                clientId,
                clientSecret,
                List.copyOf(all),
                redirectUri,
                refreshSkew,
                optionalScopes,
                accounts);
    }

    /** The configured scopes plus the provider's required ones, without duplicates, in order. */
    public Set<String> requestedScopes() {
        Set<String> all = new LinkedHashSet<>(scopes);
        all.addAll(descriptor.requiredScopes());
        return all;
    }

    @Override
    public String toString() {
        return "ProviderRegistration[id=" + id + ", type=" + descriptor.type() + ", clientId=" + clientId + ", scopes="
                + scopes + (optionalScopes.isEmpty() ? "" : ", optionalScopes=" + optionalScopes)
                + (accounts.equals(AccountPolicy.SINGLE) ? "" : ", accounts=" + accounts) + "]";
    }
}
