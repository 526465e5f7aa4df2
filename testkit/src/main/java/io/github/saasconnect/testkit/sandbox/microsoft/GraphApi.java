package io.github.saasconnect.testkit.sandbox.microsoft;

import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.RegisteredClient;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.AccessCheck;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationStore;
import io.github.saasconnect.testkit.sandbox.internal.FormCodec;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.TokenPagination;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The Microsoft Graph slice ({@code /v1.0/me}, {@code /v1.0/me/messages}, {@code /v1.0/me/revokeSignInSessions})
 * and the OIDC userinfo endpoint, all behind a bearer access token.
 */
final class GraphApi {

    /** Any of these lets a token read the user's messages (short or fully qualified). */
    static final Set<String> MAIL_SCOPES = Set.of(
            "Mail.Read",
            "Mail.ReadWrite",
            "Mail.ReadBasic",
            "https://graph.microsoft.com/Mail.Read",
            "https://graph.microsoft.com/Mail.ReadWrite",
            "https://graph.microsoft.com/Mail.ReadBasic",
            "https://graph.microsoft.com/.default");

    private final MicrosoftSandbox sandbox;
    private final AuthorizationStore store;
    private final Supplier<ListFixture> listFixture;

    GraphApi(MicrosoftSandbox sandbox, AuthorizationStore store, Supplier<ListFixture> listFixture) {
        this.sandbox = sandbox;
        this.store = store;
        this.listFixture = listFixture;
    }

    private AccessCheck check(SandboxRequest request) {
        return store.checkAccessToken(request.bearerToken().orElse(null));
    }

    private SandboxResponse unauthorized(AccessCheck check) {
        String message = check.status() == AccessCheck.Status.EXPIRED
                ? "Lifetime validation failed, the token is expired."
                : "IDX14100: JWT is not well formed.";
        return MicrosoftErrors.graph(
                        401,
                        "InvalidAuthenticationToken",
                        message,
                        sandbox.clock().instant())
                .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"\", authorization_uri=\"" + sandbox.authorizationEndpoint()
                                + "\", client_id=\"00000003-0000-0000-c000-000000000000\"");
    }

    SandboxResponse userInfo(SandboxRequest request) {
        AccessCheck check = check(request);
        if (!check.valid()) {
            return unauthorized(check);
        }
        SandboxUser user = sandbox.userById(check.token().userId()).orElseThrow();
        RegisteredClient client = sandbox.client(check.token().clientId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", MicrosoftSandbox.pairwiseSubject(user, client));
        body.put("name", user.name());
        body.put("email", user.email());
        return SandboxResponse.json(200, body);
    }

    SandboxResponse me(SandboxRequest request) {
        AccessCheck check = check(request);
        if (!check.valid()) {
            return unauthorized(check);
        }
        SandboxUser user = sandbox.userById(check.token().userId()).orElseThrow();
        String[] names = user.name().split(" ", 2);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", sandbox.baseUrl() + "/v1.0/$metadata#users/$entity");
        body.put("businessPhones", List.of());
        body.put("displayName", user.name());
        body.put("givenName", names[0]);
        body.put("surname", names.length > 1 ? names[1] : "");
        body.put("mail", user.email());
        body.put("userPrincipalName", user.email());
        body.put("id", user.id());
        return SandboxResponse.json(200, body);
    }

    SandboxResponse messages(SandboxRequest request) {
        AccessCheck check = check(request);
        if (!check.valid()) {
            return unauthorized(check);
        }
        if (check.token().scopes().stream().noneMatch(MAIL_SCOPES::contains)) {
            return MicrosoftErrors.graph(
                    403,
                    "ErrorAccessDenied",
                    "Access is denied. Check credentials and try again.",
                    sandbox.clock().instant());
        }
        int top = parseTop(request.query("$top"));
        if (top < 1 || top > 1000) {
            return MicrosoftErrors.graph(
                    400,
                    "BadRequest",
                    "Invalid value for '$top' query parameter.",
                    sandbox.clock().instant());
        }
        List<Map<String, Object>> messages = IntStream.rangeClosed(
                        1, listFixture.get().itemCount())
                .mapToObj(GraphApi::message)
                .toList();
        TokenPagination.Page<Map<String, Object>> page =
                TokenPagination.page(messages, top, listFixture.get().emptyPages(), request.query("$skiptoken"));
        if (page == null) {
            return MicrosoftErrors.graph(
                    400, "BadRequest", "Invalid $skiptoken.", sandbox.clock().instant());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "@odata.context",
                sandbox.baseUrl() + "/v1.0/$metadata#users('" + check.token().userId() + "')/messages");
        body.put("value", page.items());
        if (page.nextToken() != null) {
            Map<String, String> next = new LinkedHashMap<>();
            next.put("$top", Integer.toString(top));
            next.put("$skiptoken", page.nextToken());
            body.put("@odata.nextLink", sandbox.graphUrl("/me/messages") + "?" + FormCodec.encode(next));
        }
        return SandboxResponse.json(200, body);
    }

    private static int parseTop(String value) {
        if (value == null) {
            return 10;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    private static Map<String, Object> message(int index) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", String.format("AAMkAGSandbox%06d", index));
        message.put("subject", "Message " + index);
        message.put("isRead", index % 2 == 0);
        return message;
    }

    SandboxResponse revokeSignInSessions(SandboxRequest request) {
        AccessCheck check = check(request);
        if (!check.valid()) {
            return unauthorized(check);
        }
        store.revokeRefreshTokensOfUser(check.token().userId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", sandbox.baseUrl() + "/v1.0/$metadata#Edm.Boolean");
        body.put("value", true);
        return SandboxResponse.json(200, body);
    }
}
