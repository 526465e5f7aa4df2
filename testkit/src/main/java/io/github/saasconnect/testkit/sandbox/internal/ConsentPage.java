package io.github.saasconnect.testkit.sandbox.internal;

import java.util.Map;
import java.util.Set;

/**
 * The consent page of a sandbox's authorization endpoint: a real HTML form for browser tests. It posts back to the
 * authorization endpoint with the original parameters, the login to sign in as, one checkbox per scope
 * ({@code granted_scope:<scope>}, ticked by default; untick to grant only part) and a button named {@code decision}
 * with the value {@code approve} or {@code deny}.
 */
public final class ConsentPage {

    /** Form field marking a post from this page, so an unticked scope list means "none" rather than "all". */
    public static final String MARKER = "consent_form";
    /** Prefix of the scope checkboxes. */
    public static final String SCOPE_FIELD_PREFIX = "granted_scope:";

    private ConsentPage() {}

    public static SandboxResponse render(
            String provider,
            String clientName,
            String action,
            String login,
            Set<String> scopes,
            Map<String, String> parameters) {
        StringBuilder page = new StringBuilder(2048);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>")
                .append(Html.escape(provider))
                .append(" - Authorize ")
                .append(Html.escape(clientName))
                .append("</title></head><body>\n")
                .append("<h1>")
                .append(Html.escape(clientName))
                .append(" wants to access your ")
                .append(Html.escape(provider))
                .append(" account</h1>\n")
                .append("<form id=\"consent\" method=\"post\" action=\"")
                .append(Html.escape(action))
                .append("\">\n");
        parameters.forEach((name, value) -> {
            if (!"login".equals(name) && !"decision".equals(name)) {
                page.append("<input type=\"hidden\" name=\"")
                        .append(Html.escape(name))
                        .append("\" value=\"")
                        .append(Html.escape(value))
                        .append("\">\n");
            }
        });
        page.append("<input type=\"hidden\" name=\"")
                .append(MARKER)
                .append("\" value=\"1\">\n")
                .append("<label>Signed in as <input type=\"text\" id=\"login\" name=\"login\" value=\"")
                .append(Html.escape(login))
                .append("\"></label>\n<ul id=\"scopes\">\n");
        for (String scope : scopes) {
            page.append("<li><label><input type=\"checkbox\" name=\"")
                    .append(SCOPE_FIELD_PREFIX)
                    .append(Html.escape(scope))
                    .append("\" value=\"on\" checked> ")
                    .append(Html.escape(scope))
                    .append("</label></li>\n");
        }
        page.append("</ul>\n")
                .append("<button type=\"submit\" id=\"approve\" name=\"decision\" value=\"approve\">Approve</button>\n")
                .append("<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">Deny</button>\n")
                .append("</form></body></html>\n");
        return SandboxResponse.html(200, page.toString()).withHeader("Cache-Control", "no-store");
    }
}
