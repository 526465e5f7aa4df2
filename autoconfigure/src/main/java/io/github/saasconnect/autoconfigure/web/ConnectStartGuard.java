package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.ReturnToPolicy;
import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Decides whether a request may start a connect, so a page on another site cannot start one for the signed-in user
 * (on providers that approve silently, that would replace their connection with whatever account the browser is
 * signed into). The check is the browser's own word on where the request came from (OWASP's "Fetch Metadata" and
 * "verifying origin with standard headers" defences), so it needs no token in the application's pages:
 * <ul>
 *   <li>{@code POST}: accepted when {@code Sec-Fetch-Site} is {@code same-origin} (or {@code none}, the user's own
 *       action), or else when {@code Origin} is the application's own origin or one of
 *       {@code saas-connect.web.allowed-return-origins}. A POST without either header (no browser sends that) is
 *       refused: scripts send {@code Origin}.</li>
 *   <li>{@code GET}: only with {@code saas-connect.connect.allow-get-start=true}, for applications that link to
 *       the endpoint, and then refused when {@code Sec-Fetch-Site} is {@code cross-site}.</li>
 * </ul>
 * Spring Security's CSRF token, when the application uses it, is checked by its own filter before this.
 */
final class ConnectStartGuard {

    static final String SEC_FETCH_SITE = "Sec-Fetch-Site";
    static final String ORIGIN = "Origin";

    private final boolean allowGet;
    private final ReturnToPolicy origins;

    ConnectStartGuard(boolean allowGet, ReturnToPolicy origins) {
        this.allowGet = allowGet;
        this.origins = origins;
    }

    /** {@code null} when the request may start a connect, else the refusal to answer with. */
    @Nullable
    ProblemDetail refusal(HttpMethod method, URI requestUri, HttpHeaders headers) {
        return refusal(method, requestUri, headers.getFirst(SEC_FETCH_SITE), headers.getFirst(ORIGIN));
    }

    private @Nullable ProblemDetail refusal(
            HttpMethod method, URI requestUri, @Nullable String fetchSite, @Nullable String origin) {
        String site = fetchSite == null ? null : fetchSite.strip().toLowerCase(Locale.ROOT);
        if (HttpMethod.GET.equals(method)) {
            if (!allowGet) {
                return problem(
                        HttpStatus.METHOD_NOT_ALLOWED,
                        "get_start_disabled",
                        "start a connection with a POST (a form or fetch from your page); to keep GET links to this "
                                + "endpoint, set saas-connect.connect.allow-get-start=true");
            }
            return "cross-site".equals(site) ? crossSite() : null;
        }
        if ("same-origin".equals(site) || "none".equals(site)) {
            return null;
        }
        return origins.trustsOrigin(origin, requestUri) ? null : crossSite();
    }

    private static ProblemDetail crossSite() {
        return problem(
                HttpStatus.FORBIDDEN,
                "cross_site_request",
                "a connection can only be started from this application's own pages (the browser said the request "
                        + "came from another site, or did not say where it came from); scripts send an Origin header "
                        + "of the application or of saas-connect.web.allowed-return-origins");
    }

    private static ProblemDetail problem(HttpStatus status, String error, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status == HttpStatus.FORBIDDEN ? "Cross-site request refused" : "Start with a POST");
        problem.setProperty("error", error);
        return problem;
    }
}
