package io.github.saasconnect.testkit.sandbox.internal;

import io.github.saasconnect.testkit.sandbox.RegisteredClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How a token request authenticated its client, and whether that is acceptable.
 *
 * @param clientId the client id presented, or {@code null}
 * @param client the registered client when authentication succeeded or the id is at least known
 * @param method how the credentials were sent, or {@code null} when none were
 * @param failure why authentication failed, or {@code null}
 */
public record ClientAuthentication(String clientId, RegisteredClient client, Method method, Failure failure) {

    /** Where the client credentials were. */
    public enum Method {
        /** {@code Authorization: Basic} (client_secret_basic). */
        BASIC,
        /** {@code client_id} and {@code client_secret} form fields (client_secret_post). */
        POST
    }

    /** Why client authentication failed. */
    public enum Failure {
        NO_CREDENTIALS,
        METHOD_NOT_ALLOWED,
        UNKNOWN_CLIENT,
        WRONG_SECRET
    }

    public boolean succeeded() {
        return failure == null;
    }

    /**
     * Authenticates the client of a token request.
     *
     * @param request the request
     * @param allowed the methods this provider accepts
     * @param clients looks a client up by id ({@code null} when unknown)
     * @return the outcome
     */
    public static ClientAuthentication of(
            SandboxRequest request, Set<Method> allowed, Function<String, RegisteredClient> clients) {
        Optional<SandboxRequest.BasicCredentials> basic = request.basicCredentials();
        Map<String, String> form = request.parameters();
        String id;
        String secret;
        Method method;
        if (basic.isPresent()) {
            id = basic.get().clientId();
            secret = basic.get().clientSecret();
            method = Method.BASIC;
        } else if (form.get("client_secret") != null) {
            id = form.get("client_id");
            secret = form.get("client_secret");
            method = Method.POST;
        } else {
            String presented = form.get("client_id");
            return new ClientAuthentication(
                    presented, presented == null ? null : clients.apply(presented), null, Failure.NO_CREDENTIALS);
        }
        RegisteredClient client = id == null ? null : clients.apply(id);
        if (!allowed.contains(method)) {
            return new ClientAuthentication(id, client, method, Failure.METHOD_NOT_ALLOWED);
        }
        if (client == null) {
            return new ClientAuthentication(id, null, method, Failure.UNKNOWN_CLIENT);
        }
        if (!client.clientSecret().equals(secret)) {
            return new ClientAuthentication(id, client, method, Failure.WRONG_SECRET);
        }
        return new ClientAuthentication(id, client, method, null);
    }
}
