package io.github.saasconnect.testkit.sandbox.docusign;

import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.AccessCheck;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationStore;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * DocuSign's resource side: {@code /oauth/userinfo} and the eSignature REST slice under
 * {@code /restapi/v2.1/accounts/{accountId}}, with account membership checks and the per-account limits.
 */
final class ESignatureApi {

    static final String REST_PREFIX = "/restapi/v2.1/accounts/";

    private final DocuSignSandbox sandbox;
    private final AuthorizationStore store;
    private final DocuSignLimits limits;
    private final Supplier<ListFixture> listFixture;

    ESignatureApi(
            DocuSignSandbox sandbox,
            AuthorizationStore store,
            DocuSignLimits limits,
            Supplier<ListFixture> listFixture) {
        this.sandbox = sandbox;
        this.store = store;
        this.limits = limits;
        this.listFixture = listFixture;
    }

    private interface RestCall {
        SandboxResponse answer(SandboxRequest request, DocuSignAccount account);
    }

    SandboxResponse userInfo(SandboxRequest request) {
        AccessCheck check = store.checkAccessToken(request.bearerToken().orElse(null));
        if (!check.valid()) {
            return DocuSignErrors.oauth(401, "invalid_token", "The access token is invalid or has expired.");
        }
        SandboxUser user = sandbox.userById(check.token().userId()).orElseThrow();
        String[] names = user.name().split(" ", 2);
        List<Map<String, Object>> list = new ArrayList<>();
        for (DocuSignAccount account : sandbox.accounts(user)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("account_id", account.accountId());
            entry.put("is_default", account.isDefault());
            entry.put("account_name", account.accountName());
            entry.put("base_uri", account.baseUri());
            list.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", user.id());
        body.put("name", user.name());
        body.put("given_name", names[0]);
        body.put("family_name", names.length > 1 ? names[1] : "");
        body.put("created", "2024-01-01T00:00:00.000Z");
        body.put("email", user.email());
        body.put("accounts", list);
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse rest(SandboxRequest request, RestCall call) {
        AccessCheck check = store.checkAccessToken(request.bearerToken().orElse(null));
        if (!check.valid()) {
            return DocuSignErrors.rest(
                    401,
                    "USER_AUTHENTICATION_FAILED",
                    "One or both of Username and Password are invalid. Invalid access token");
        }
        SandboxUser user = sandbox.userById(check.token().userId()).orElseThrow();
        String accountId = request.pathVariable("accountId");
        DocuSignAccount account = sandbox.accounts(user).stream()
                .filter(candidate -> candidate.accountId().equals(accountId))
                .findFirst()
                .orElse(null);
        if (account == null) {
            return DocuSignErrors.rest(
                    400, "USER_LACKS_MEMBERSHIP", "The UserID does not have a valid membership in this Account.");
        }
        DocuSignLimits.Verdict verdict = limits.admit(accountId);
        SandboxResponse response = verdict.rejection() != null ? verdict.rejection() : call.answer(request, account);
        return response.withHeaders(verdict.headers());
    }

    SandboxResponse account(SandboxRequest request) {
        return rest(request, (req, account) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accountIdGuid", account.accountId());
            body.put("accountName", account.accountName());
            body.put("planName", "DEVCENTER_DEMO_APRIL2013");
            return SandboxResponse.json(200, body);
        });
    }

    SandboxResponse envelopes(SandboxRequest request) {
        return rest(request, (req, account) -> {
            int start = Math.max(0, req.queryInt("start_position", 0));
            int count = Math.min(100, Math.max(1, req.queryInt("count", 100)));
            int total = listFixture.get().itemCount();
            int end = Math.min(total, start + count);
            List<Map<String, Object>> envelopes = new ArrayList<>();
            for (int index = start; index < end; index++) {
                Map<String, Object> envelope = new LinkedHashMap<>();
                envelope.put("envelopeId", String.format("00000000-0000-4000-8000-%012d", index + 1));
                envelope.put("status", index % 2 == 0 ? "sent" : "completed");
                envelope.put("emailSubject", "Please sign document " + (index + 1));
                envelopes.add(envelope);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("resultSetSize", Integer.toString(envelopes.size()));
            body.put("startPosition", Integer.toString(start));
            body.put("endPosition", Integer.toString(Math.max(start, end - 1)));
            body.put("totalSetSize", Integer.toString(total));
            body.put("nextUri", end < total ? pageUri(account, end, count) : "");
            body.put("previousUri", start > 0 ? pageUri(account, Math.max(0, start - count), count) : "");
            body.put("envelopes", envelopes);
            return SandboxResponse.json(200, body);
        });
    }

    private static String pageUri(DocuSignAccount account, int start, int count) {
        return REST_PREFIX + account.accountId() + "/envelopes?start_position=" + start + "&count=" + count;
    }
}
