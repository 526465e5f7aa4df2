package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.ConnectFailure;
import io.github.saasconnect.connect.ConnectFlowException;
import io.github.saasconnect.connect.ConnectResult;
import io.github.saasconnect.connect.ConnectionSummary;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.event.AccountOutcome;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.store.UnreadableRecordException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the MVC and WebFlux endpoints share: the paths, the HTTP status of each refusal, the problem bodies and
 * the return redirects. Problem bodies carry the failure's message, which never holds a state, code or token.
 */
final class ConnectEndpoints {

    static final String CONNECTIONS = "/connections";
    static final String CONNECT = "/connect/{registration}";
    static final String CALLBACK = "/callback/{registration}";
    static final String DISCONNECT = "/disconnect/{registration}";
    static final String CONNECTION = "/connections/{registration}";

    static final String RETURN_TO = "return_to";
    static final String CONNECTED = "connected";
    static final String DISCONNECTED = "disconnected";
    static final String CONNECT_ERROR = "connect_error";
    static final String REGISTRATION = "registration";
    static final String SCOPE = "scope";
    static final String MISSING_SCOPE = "missing_scope";
    static final String ACCOUNT = "account";
    static final String ACCOUNT_OUTCOME = "account_outcome";
    static final String OTHER_ACCOUNT = "other_account";

    /** The longest the blocking MVC endpoints wait for the flow: token request, discovery and store together. */
    static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(90);

    private ConnectEndpoints() {}

    /**
     * How the start answers: {@code 303 See Other} for the POST (the browser follows it with a GET), {@code 302} for
     * the GET form.
     */
    static HttpStatus startStatus(org.springframework.http.HttpMethod method) {
        return org.springframework.http.HttpMethod.POST.equals(method) ? HttpStatus.SEE_OTHER : HttpStatus.FOUND;
    }

    /** {@code basePath} with one leading slash and none trailing ({@code ""} for the root). */
    static String basePath(String configured) {
        String path = configured == null ? "" : configured.strip();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            path = "/" + path;
        }
        return path;
    }

    /** The HTTP status for a refusal that is not answered with a redirect. */
    static HttpStatus status(ConnectFailure failure) {
        return switch (failure) {
            case UNKNOWN_REGISTRATION, NOT_CONNECTED -> HttpStatus.NOT_FOUND;
            case STATE_OWNER_MISMATCH, ACCOUNT_NOT_USABLE -> HttpStatus.FORBIDDEN;
            case ACCOUNT_CHANGED -> HttpStatus.CONFLICT;
            case NO_REDIRECT_URI, CLIENT_MISCONFIGURED -> HttpStatus.INTERNAL_SERVER_ERROR;
            case EXCHANGE_FAILED -> HttpStatus.BAD_GATEWAY;
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    static ProblemDetail problem(ConnectFlowException e) {
        HttpStatus status = status(e.failure());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(title(e.failure()));
        problem.setProperty("error", e.failure().name().toLowerCase(java.util.Locale.ROOT));
        if (e.failure() == ConnectFailure.ID_TOKEN_INVALID) {
            problem.setProperty("check", e.errorCode());
        }
        if (e.registration() != null) {
            problem.setProperty(REGISTRATION, e.registration());
        }
        return problem;
    }

    static ProblemDetail unauthenticated() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED, "sign in first: connections belong to the signed-in user");
        problem.setTitle("Not signed in");
        problem.setProperty("error", "unauthenticated");
        return problem;
    }

    /** A failure that is not a refusal of the request: the store is down, or the owner id is malformed. */
    static ProblemDetail problem(RuntimeException e) {
        if (e instanceof ConnectFlowException refused) {
            return problem(refused);
        }
        if (e instanceof UnreadableRecordException unreadable) {
            // Trying again never helps: the user must connect again (which replaces it) or disconnect
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONFLICT,
                    "the stored connection cannot be read; connect again to replace it, or disconnect to delete it");
            problem.setProperty("error", ConnectionSummary.RECORD_UNREADABLE);
            problem.setProperty(REGISTRATION, unreadable.registration());
            return problem;
        }
        if (e instanceof SaasConnectException s && s.kind() == FailureKind.STORE_UNAVAILABLE) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.SERVICE_UNAVAILABLE, "the connection store is unavailable; try again later");
            problem.setProperty("error", "store_unavailable");
            return problem;
        }
        if (e instanceof IllegalArgumentException) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
            problem.setProperty("error", "invalid_request");
            return problem;
        }
        return null;
    }

    /** Whether a failure of the callback sends the browser back to the app rather than answering here. */
    static boolean redirectsBack(ConnectFlowException e) {
        return e.failure().afterValidState() && e.returnTo() != null;
    }

    /** Where to send the browser after a failed callback whose state was accepted. */
    static URI failureRedirect(ConnectFlowException e) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put(CONNECT_ERROR, e.errorCode());
        query.put(REGISTRATION, e.registration());
        return URI.create(withQuery(e.returnTo(), query));
    }

    /**
     * Where to send the browser after a completed callback: {@code connected={registration}}; when another provider
     * account was added or replaced the connection, or another account than the start named came back, also
     * {@code account_outcome=added_account|replaced_account|same_account|new_connection} (and {@code other_account=true}
     * for the latter); when the user did not grant every scope also {@code connect_error=missing_scopes} and one
     * {@code missing_scope} per scope (the connection is stored with what was granted).
     */
    static URI successRedirect(ConnectResult result) {
        String registration = result.connection().registration();
        boolean accountNews = result.accountOutcome() == AccountOutcome.ADDED_ACCOUNT
                || result.accountOutcome() == AccountOutcome.REPLACED_ACCOUNT
                || result.otherAccountThanRequested();
        if (result.complete() && !accountNews) {
            return URI.create(withQuery(result.returnTo(), CONNECTED, registration));
        }
        UriComponentsBuilder query = UriComponentsBuilder.newInstance().queryParam(CONNECTED, registration);
        if (accountNews) {
            query.queryParam(ACCOUNT_OUTCOME, result.accountOutcome().name().toLowerCase(Locale.ROOT));
            if (result.otherAccountThanRequested()) {
                query.queryParam(OTHER_ACCOUNT, "true");
            }
        }
        if (!result.complete()) {
            query.queryParam(CONNECT_ERROR, ConnectResult.MISSING_SCOPES).queryParam(REGISTRATION, registration);
            result.missingScopes().forEach(scope -> query.queryParam(MISSING_SCOPE, scope));
        }
        return URI.create(withQuery(result.returnTo(), query.encode().build().getQuery()));
    }

    /** {@code returnTo} with {@code name=value} added before any fragment (values are URL-safe already). */
    static String withQuery(String returnTo, Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((name, value) -> query.add(name + "=" + value));
        return withQuery(returnTo, query.toString());
    }

    /** {@code returnTo} with the encoded {@code query} added before any fragment. */
    private static String withQuery(String returnTo, String query) {
        int hash = returnTo.indexOf('#');
        String base = hash < 0 ? returnTo : returnTo.substring(0, hash);
        String fragment = hash < 0 ? "" : returnTo.substring(hash);
        return base + (base.indexOf('?') < 0 ? '?' : '&') + query + fragment;
    }

    static String withQuery(String returnTo, String name, String value) {
        return withQuery(returnTo, Map.of(name, value));
    }

    /** The callback URL of {@code registration} on the host the request came to. */
    static URI callbackUri(URI requestUri, String contextPath, String basePath, String registration) {
        return UriComponentsBuilder.fromUri(requestUri)
                .replacePath(contextPath + basePath + "/callback/")
                .path(registration)
                .replaceQuery(null)
                .fragment(null)
                .build()
                .encode()
                .toUri();
    }

    private static String title(ConnectFailure failure) {
        return switch (failure) {
            case UNKNOWN_REGISTRATION -> "Unknown registration";
            case SCOPE_NOT_ALLOWED -> "Scope not allowed";
            case INVALID_RETURN_TO -> "Return address refused";
            case NO_REDIRECT_URI -> "No redirect URI";
            case STATE_MISSING -> "Missing state";
            case STATE_UNKNOWN -> "Unknown or used state";
            case STATE_EXPIRED -> "Expired state";
            case STATE_REGISTRATION_MISMATCH -> "State issued for another registration";
            case STATE_OWNER_MISMATCH -> "State issued to another user";
            case ACCESS_DENIED -> "Access denied";
            case PROVIDER_ERROR -> "Provider error";
            case CODE_MISSING -> "Missing code";
            case EXCHANGE_FAILED -> "Connection failed";
            case CLIENT_MISCONFIGURED -> "Application misconfigured at the provider";
            case ACCOUNT_NOT_USABLE -> "Account cannot be used";
            case ID_TOKEN_INVALID -> "ID token refused";
            case ACCOUNT_CHANGED -> "Another account came back";
            case NOT_CONNECTED -> "Not connected";
        };
    }
}
