package io.github.saasconnect.testkit.sandbox.github;

import io.github.saasconnect.testkit.sandbox.internal.Html;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders token-endpoint answers the way GitHub negotiates them: form-encoded by default, JSON with
 * {@code Accept: application/json}, XML with {@code Accept: application/xml}. Errors use the same channel and, by
 * default, HTTP 200.
 */
final class GitHubTokenResponse {

    private static final String ERROR_URI =
            "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/";

    private GitHubTokenResponse() {}

    static SandboxResponse render(SandboxRequest request, int status, Map<String, Object> fields) {
        String accept =
                request.header("accept") == null ? "" : request.header("accept").toLowerCase(Locale.ROOT);
        if (accept.contains("application/json")) {
            return SandboxResponse.json(status, fields);
        }
        if (accept.contains("application/xml")) {
            StringBuilder xml = new StringBuilder("<OAuth>");
            fields.forEach((name, value) -> xml.append('<')
                    .append(name)
                    .append('>')
                    .append(Html.escape(String.valueOf(value)))
                    .append("</")
                    .append(name)
                    .append('>'));
            return SandboxResponse.of(
                    status,
                    "application/xml; charset=utf-8",
                    xml.append("</OAuth>").toString());
        }
        return SandboxResponse.form(status, fields);
    }

    static SandboxResponse error(SandboxRequest request, int status, String error, String description) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", error);
        fields.put("error_description", description);
        fields.put("error_uri", ERROR_URI + "#" + error.replace('_', '-'));
        return render(request, status, fields);
    }
}
