package io.github.saasconnect.testkit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.sandbox.SandboxHttp.Reply;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTML consent form, driven the way a browser submits it: every input of the form, plus the clicked button. */
class ConsentPageTest {

    private static final Pattern FORM_ACTION =
            Pattern.compile("<form id=\"consent\" method=\"post\" action=\"([^\"]+)\"");
    private static final Pattern INPUT = Pattern.compile(
            "<input type=\"(hidden|text|checkbox)\" (?:id=\"[^\"]*\" )?name=\"([^\"]+)\" value=\"([^\"]*)\"( checked)?>");
    private static final String REDIRECT = "http://localhost:8080/cb";

    private final SandboxHttp http = new SandboxHttp();
    private MicrosoftSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = MicrosoftSandbox.start(SandboxOptions.defaults().withConsentMode(ConsentMode.FORM));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void approvingTheFormAsABrowserWouldRedirectsWithACodeForTheTypedLogin() {
        Reply page = http.get(authorizeUrl());

        Map<String, String> form = inputs(page.body());
        form.put("login", "erin");
        form.put("decision", "approve");
        Reply submitted = http.postForm(action(page.body()), form);

        assertThat(submitted.status()).isEqualTo(302);
        AuthorizationRedirect redirect = new AuthorizationRedirect(URI.create(submitted.header("location")));
        assertThat(redirect.code()).isNotBlank();
        assertThat(redirect.state()).isEqualTo("st&1");
        assertThat(sandbox.user("erin")).isNotNull();
    }

    @Test
    void denyingTheFormRedirectsWithAccessDenied() {
        Reply page = http.get(authorizeUrl());

        Map<String, String> form = inputs(page.body());
        form.put("decision", "deny");
        Reply submitted = http.postForm(action(page.body()), form);

        AuthorizationRedirect redirect = new AuthorizationRedirect(URI.create(submitted.header("location")));
        assertThat(redirect.error()).isEqualTo("access_denied");
        assertThat(redirect.code()).isNull();
    }

    @Test
    void theFormEscapesParameterValues() {
        Reply page = http.get(authorizeUrl());

        assertThat(page.body()).contains("value=\"st&amp;1\"").doesNotContain("value=\"st&1\"");
        assertThat(page.header("cache-control")).isEqualTo("no-store");
    }

    private URI authorizeUrl() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", sandbox.client().clientId());
        parameters.put("response_type", "code");
        parameters.put("redirect_uri", REDIRECT);
        parameters.put("scope", "openid offline_access User.Read");
        parameters.put("state", "st&1");
        return SandboxHttp.withQuery(sandbox.authorizationEndpoint(sandbox.tenantId()), parameters);
    }

    private URI action(String html) {
        Matcher matcher = FORM_ACTION.matcher(html);
        assertThat(matcher.find()).isTrue();
        return sandbox.url(unescape(matcher.group(1)));
    }

    private static Map<String, String> inputs(String html) {
        Map<String, String> form = new LinkedHashMap<>();
        Matcher matcher = INPUT.matcher(html);
        while (matcher.find()) {
            boolean checkbox = "checkbox".equals(matcher.group(1));
            if (!checkbox || matcher.group(4) != null) {
                form.put(unescape(matcher.group(2)), unescape(matcher.group(3)));
            }
        }
        assertThat(form).containsKey("client_id");
        return form;
    }

    private static String unescape(String value) {
        return value.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
