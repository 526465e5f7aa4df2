package io.github.saasconnect.provider.docusign;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocuSignApiHostsTest {

    private final DocuSignApiHosts production =
            new DocuSignApiHosts(URI.create("https://account.docusign.com/oauth/userinfo"));
    private final DocuSignApiHosts sandbox = new DocuSignApiHosts(URI.create("http://127.0.0.1:8123/oauth/userinfo"));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://na3.docusign.net",
                "https://demo.docusign.net",
                "https://eu.docusign.net:443",
                "https://ca.docusign.com"
            })
    void docuSignHostsOverHttpsAreTrusted(String baseUri) {
        assertThat(production.trusts(baseUri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://na3.docusign.net",
                "https://docusign.net.evil.example",
                "https://evildocusign.net",
                "https://user@na3.docusign.net",
                "https://127.0.0.1:8123",
                "not a uri",
                "/relative"
            })
    void anythingElseIsRefused(String baseUri) {
        assertThat(production.trusts(baseUri)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8123", "http://127.0.0.1:8123/"})
    void theConfiguredAccountServersOwnOriginIsTrustedForSandboxes(String baseUri) {
        assertThat(sandbox.trusts(baseUri)).isTrue();
        assertThat(sandbox.trusts("http://127.0.0.1:9999")).isFalse();
    }
}
