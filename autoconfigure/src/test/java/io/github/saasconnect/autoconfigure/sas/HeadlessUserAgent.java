package io.github.saasconnect.autoconfigure.sas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Plays the browser and the resource owner in the authorization code flow: opens an
 * authorization URL, logs in on Spring Security's login form, answers Spring
 * Authorization Server's consent form, and stops at the redirect to the client's
 * redirect URI without following it.
 * <p>
 * Each instance keeps its own cookies, so it is one browser with one login session: a
 * second authorization with the same instance skips the login page. The server remembers
 * an approval per client and user, so a later request for the same scopes skips the
 * consent page too. Not thread-safe.
 */
public final class HeadlessUserAgent {

    private static final int MAX_STEPS = 10;

    private static final String SCOPE = "scope";

    private final String username;

    private final String password;

    private final HttpClient http;

    /**
     * Creates a user agent with no cookies that logs in with these credentials.
     * @param username the username to type into the login form
     * @param password the password to type into the login form
     */
    public HeadlessUserAgent(String username, String password) {
        this.username = Objects.requireNonNull(username, "username must not be null");
        this.password = Objects.requireNonNull(password, "password must not be null");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Logs in if needed and approves every scope the consent page offers (if it shows
     * one).
     * @param authorizationRequest the full authorization URL the client built
     * @return the response the server sent to the redirect URI
     * @throws IllegalStateException if login fails or the server answers with an error
     * page instead of redirecting (for example for an unknown client or redirect URI)
     */
    public AuthorizationResponse approve(URI authorizationRequest) {
        return authorize(authorizationRequest, UnaryOperator.identity(), false);
    }

    /**
     * Logs in if needed and approves only these scopes on the consent page; the server
     * adds {@code openid} by itself when it was requested and anything is approved.
     * @param authorizationRequest the full authorization URL the client built
     * @param scopes the scopes to tick
     * @return the response the server sent to the redirect URI
     * @throws IllegalStateException if no consent page is shown, login fails, or the
     * server answers with an error page
     */
    public AuthorizationResponse approve(URI authorizationRequest, Collection<String> scopes) {
        Set<String> approved = Set.copyOf(scopes);
        return authorize(authorizationRequest, (offered) -> List.copyOf(approved), true);
    }

    /**
     * Logs in if needed and cancels the consent page, which the server answers with
     * {@code error=access_denied}. It also forgets earlier approvals for this client.
     * @param authorizationRequest the full authorization URL the client built
     * @return the response the server sent to the redirect URI
     * @throws IllegalStateException if no consent page is shown, login fails, or the
     * server answers with an error page
     */
    public AuthorizationResponse deny(URI authorizationRequest) {
        return authorize(authorizationRequest, (offered) -> List.of(), true);
    }

    private AuthorizationResponse authorize(
            URI authorizationRequest, UnaryOperator<List<String>> consent, boolean consentPageRequired) {
        String redirectUri =
                AuthorizationResponse.queryParameters(authorizationRequest).get("redirect_uri");
        HttpRequest request = get(authorizationRequest);
        boolean loginSubmitted = false;
        boolean consentSubmitted = false;
        for (int step = 0; step < MAX_STEPS; step++) {
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                URI location = location(response);
                if (isClientRedirect(location, redirectUri, authorizationRequest)) {
                    if (consentPageRequired && !consentSubmitted) {
                        throw new IllegalStateException("The authorization server redirected to the client without a "
                                + "consent page; it remembers approved scopes per client and user, so use a new "
                                + "fixture or request other scopes");
                    }
                    return AuthorizationResponse.from(location);
                }
                request = get(location);
            } else if (status == 200) {
                HtmlForm form = onlyPostForm(response);
                if (form.hasInput("password")) {
                    if (loginSubmitted) {
                        throw new IllegalStateException("The login form came back after logging in as '" + this.username
                                + "'; the credentials were rejected");
                    }
                    loginSubmitted = true;
                    request = post(response.uri().resolve(form.action()), loginFields(form));
                } else if (form.inputs().stream()
                        .anyMatch((input) -> input.name().equals(SCOPE))) {
                    if (consentSubmitted) {
                        throw new IllegalStateException("The consent page came back after submitting it");
                    }
                    consentSubmitted = true;
                    request = post(response.uri().resolve(form.action()), consentFields(form, consent));
                } else {
                    throw unexpectedPage(response, "neither a login nor a consent form");
                }
            } else {
                throw unexpectedPage(response, "status " + status);
            }
        }
        throw new IllegalStateException("No redirect to the client after " + MAX_STEPS + " requests");
    }

    private List<Map.Entry<String, String>> loginFields(HtmlForm form) {
        List<Map.Entry<String, String>> fields = hiddenFields(form);
        String usernameField = form.submittable("text").stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The login form has no username field"))
                .name();
        fields.add(Map.entry(usernameField, this.username));
        fields.add(Map.entry(form.submittable("password").get(0).name(), this.password));
        return fields;
    }

    private static List<Map.Entry<String, String>> consentFields(HtmlForm form, UnaryOperator<List<String>> consent) {
        List<String> offered = form.submittable("checkbox").stream()
                .filter((input) -> input.name().equals(SCOPE))
                .map(HtmlForm.Input::value)
                .toList();
        // Hidden fields: client_id, the server's consent state, and a CSRF token if any.
        List<Map.Entry<String, String>> fields = hiddenFields(form);
        consent.apply(offered).forEach((scope) -> fields.add(Map.entry(SCOPE, scope)));
        return fields;
    }

    private static List<Map.Entry<String, String>> hiddenFields(HtmlForm form) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        form.submittable("hidden").forEach((input) -> fields.add(Map.entry(input.name(), input.value())));
        return fields;
    }

    private static boolean isClientRedirect(URI location, String redirectUri, URI authorizationRequest) {
        if (redirectUri == null) {
            return !origin(location).equals(origin(authorizationRequest));
        }
        URI expected = URI.create(redirectUri);
        return origin(location).equals(origin(expected)) && Objects.equals(location.getPath(), expected.getPath());
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static HtmlForm onlyPostForm(HttpResponse<String> response) {
        List<HtmlForm> forms = HtmlForm.postForms(response.body());
        if (forms.size() != 1) {
            throw unexpectedPage(response, forms.size() + " post forms");
        }
        return forms.get(0);
    }

    private static URI location(HttpResponse<String> response) {
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() -> unexpectedPage(response, "a redirect without Location"));
        return response.uri().resolve(location);
    }

    private static IllegalStateException unexpectedPage(HttpResponse<String> response, String what) {
        String body = response.body();
        String excerpt = (body.length() > 500) ? body.substring(0, 500) + "..." : body;
        return new IllegalStateException("Unexpected answer from " + response.uri() + " (" + what + "): " + excerpt);
    }

    private static HttpRequest get(URI uri) {
        return browserRequest(uri).GET().build();
    }

    private static HttpRequest post(URI uri, List<Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return browserRequest(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpRequest.Builder browserRequest(URI uri) {
        // Spring Security sends only requests accepting text/html to the login page.
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "text/html");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException("Request to " + request.uri() + " failed", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during request to " + request.uri(), ex);
        }
    }
}
