package io.github.saasconnect.security;

import io.github.saasconnect.autoconfigure.sas.AuthorizationResponse;
import io.github.saasconnect.autoconfigure.sas.HeadlessUserAgent;
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

/**
 * The user's browser on the client application: its own cookie jar for the application's session, and a
 * {@link HeadlessUserAgent} (with its own cookies) for the authorization server's login and consent pages. Redirects
 * are followed by hand, so that each step can be checked.
 */
final class Browser {

    private final URI app;
    private final HeadlessUserAgent authorizationServer;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Browser(URI app, HeadlessUserAgent authorizationServer) {
        this.app = app;
        this.authorizationServer = authorizationServer;
    }

    /** Opens {@code path}, which needs a login: Spring Security's oauth2Login, then the server's pages. */
    void logInThrough(String path) {
        URI login = redirect(get(path));
        approve(redirect(get(login.toString())));
    }

    /**
     * Approves the authorization request the application redirected to and brings the code back to the application.
     *
     * @return where the application sent the browser next
     */
    URI approve(URI authorize) {
        AuthorizationResponse answer = authorizationServer.approve(authorize);
        if (answer.code() == null) {
            throw new IllegalStateException("the authorization server answered " + answer.error());
        }
        return redirect(
                get("/login/oauth2/code/sas?code=" + encode(answer.code()) + "&state=" + encode(answer.state())));
    }

    HttpResponse<String> get(String pathOrUri) {
        URI uri = pathOrUri.startsWith("http") ? URI.create(pathOrUri) : app.resolve(pathOrUri);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html,application/json")
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI redirect(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 3) {
            throw new IllegalStateException("expected a redirect from " + response.uri() + " but got "
                    + response.statusCode() + ": " + response.body());
        }
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
