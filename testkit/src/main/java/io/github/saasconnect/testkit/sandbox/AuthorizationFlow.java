package io.github.saasconnect.testkit.sandbox;

import io.github.saasconnect.testkit.sandbox.internal.AuthorizationCode;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationRules;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationStore;
import io.github.saasconnect.testkit.sandbox.internal.ConsentPage;
import io.github.saasconnect.testkit.sandbox.internal.FormCodec;
import io.github.saasconnect.testkit.sandbox.internal.Grant;
import io.github.saasconnect.testkit.sandbox.internal.Html;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.Scopes;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization endpoint every sandbox shares: checks the request against the provider's
 * {@link AuthorizationRules}, picks the user, shows consent or decides, records the grant and redirects with a code
 * or an error. Requests the provider could not redirect for (unknown client, bad redirect URI) get an HTML error
 * page, as the real ones do.
 */
final class AuthorizationFlow {

    /** What the user did, when known. */
    enum Decision {
        APPROVE,
        DENY
    }

    private final ProviderSandbox sandbox;
    private final AuthorizationStore store;

    AuthorizationFlow(ProviderSandbox sandbox, AuthorizationStore store) {
        this.sandbox = sandbox;
        this.store = store;
    }

    /**
     * Answers one authorization request.
     *
     * @param parameters the request's parameters (query, or consent form fields)
     * @param path the path the request arrived on, for the consent form's action
     * @param decision the user's decision, or {@code null} to apply the consent mode
     * @param fromConsentForm whether the parameters come from the consent form (so its scope checkboxes count)
     * @return a redirect, a consent page or an error page
     */
    SandboxResponse run(Map<String, String> parameters, String path, Decision decision, boolean fromConsentForm) {
        String provider = sandbox.providerName();
        AuthorizationRules rules = sandbox.authorizationRules();
        RegisteredClient client = sandbox.client(parameters.get("client_id"));
        if (client == null) {
            return Html.errorPage(400, provider, "invalid_client", "The OAuth client was not found.");
        }
        String redirectUri = parameters.get("redirect_uri");
        String target = redirectUri;
        if (redirectUri == null) {
            if (rules.redirectUriRequired() || client.redirectUris().isEmpty()) {
                return Html.errorPage(400, provider, "invalid_request", "Missing required parameter: redirect_uri");
            }
            target = client.redirectUris().get(0);
        } else if (!client.accepts(redirectUri, rules.redirectPrefixMatch())) {
            return Html.errorPage(
                    400,
                    provider,
                    "redirect_uri_mismatch",
                    "The redirect URI in the request, " + redirectUri
                            + ", does not match the ones authorized for the OAuth client.");
        }
        String state = parameters.get("state");
        if (rules.responseTypeRequired() && !"code".equals(parameters.get("response_type"))) {
            return errorRedirect(target, state, "unsupported_response_type", "Only response_type=code is supported.");
        }
        Set<String> requested = Scopes.parse(parameters.get("scope"), rules.commaSeparatedScopes());
        if (rules.scopeRequired() && requested.isEmpty()) {
            return Html.errorPage(400, provider, "invalid_request", "Missing required parameter: scope");
        }
        String challenge = parameters.get("code_challenge");
        String method = parameters.get("code_challenge_method");
        if (challenge == null && method != null) {
            return errorRedirect(target, state, "invalid_request", "code_challenge_method without code_challenge.");
        }
        if (challenge != null && !rules.pkceMethods().contains(method == null ? "plain" : method)) {
            return errorRedirect(
                    target,
                    state,
                    "invalid_request",
                    "Unsupported code_challenge_method: " + (method == null ? "plain (default)" : method));
        }
        SandboxUser user = user(parameters);
        Optional<Grant> existing = store.grant(user.id(), client.clientId());
        Set<String> prompts = Scopes.parse(parameters.get("prompt"), false);
        boolean consentShown = existing.isEmpty() || prompts.contains("consent");
        Decision decided = decision;
        if (decided == null) {
            if (prompts.contains("none") && rules.promptNoneError() != null) {
                if (existing.isEmpty()) {
                    return errorRedirect(
                            target,
                            state,
                            rules.promptNoneError(),
                            "The user has not granted the application access and prompt=none was sent.");
                }
                decided = Decision.APPROVE;
                consentShown = false;
            } else if (sandbox.consentMode() == ConsentMode.FORM) {
                return ConsentPage.render(provider, client.name(), path, user.login(), requested, parameters);
            } else {
                decided = sandbox.consentMode() == ConsentMode.AUTO_DENY ? Decision.DENY : Decision.APPROVE;
            }
        }
        if (decided == Decision.DENY) {
            return errorRedirect(target, state, "access_denied", "The user denied the request.");
        }
        Set<String> approved = fromConsentForm ? ticked(parameters, requested) : autoApproved(requested);
        Set<String> granted =
                sandbox.grantedScopes(approved, existing.map(Grant::scopes).orElse(Set.of()), parameters);
        Grant grant = store.consent(user, client.clientId(), granted);
        AuthorizationCode code =
                store.issueCode(grant, redirectUri, granted, challenge, method, consentShown, parameters);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("code", code.value());
        answer.put("state", state);
        return SandboxResponse.redirect(appendQuery(target, answer));
    }

    /** The user named by {@code login} (consent form, GitHub) or {@code login_hint}, else the signed-in one. */
    private SandboxUser user(Map<String, String> parameters) {
        String hint = parameters.get("login");
        if (hint == null || hint.isBlank()) {
            hint = parameters.get("login_hint");
        }
        if (hint == null || hint.isBlank()) {
            return sandbox.signedInUser();
        }
        String wanted = hint.trim();
        int at = wanted.indexOf('@');
        return sandbox.findUser(wanted).orElseGet(() -> sandbox.user(at > 0 ? wanted.substring(0, at) : wanted));
    }

    private Set<String> autoApproved(Set<String> requested) {
        Set<String> only = sandbox.grantOnlyScopes();
        return only == null ? requested : Scopes.intersection(requested, only);
    }

    private static Set<String> ticked(Map<String, String> parameters, Set<String> requested) {
        Set<String> ticked = new LinkedHashSet<>();
        for (String scope : requested) {
            if (parameters.containsKey(ConsentPage.SCOPE_FIELD_PREFIX + scope)) {
                ticked.add(scope);
            }
        }
        return ticked;
    }

    private static SandboxResponse errorRedirect(String target, String state, String error, String description) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("error", error);
        answer.put("error_description", description);
        answer.put("state", state);
        return SandboxResponse.redirect(appendQuery(target, answer));
    }

    private static URI appendQuery(String target, Map<String, String> parameters) {
        return URI.create(target + (target.contains("?") ? "&" : "?") + FormCodec.encode(parameters));
    }
}
