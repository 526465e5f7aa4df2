package io.github.saasconnect.test;

import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketSandbox;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A provider the test kit has a sandbox for: how to start it and the properties that point a registration of the
 * provider's real type at it (only endpoint URLs and the sandbox's client credentials; everything else is the
 * provider type's own). The registration id is the provider's name in lower case ({@code github}).
 */
public enum SandboxProvider {
    GOOGLE(GoogleSandbox::start) {
        @Override
        void endpoints(Map<String, Object> p, String prefix, ProviderSandbox sandbox) {
            GoogleSandbox google = (GoogleSandbox) sandbox;
            p.put(prefix + "authorization-uri", google.authorizationEndpoint().toString());
            p.put(prefix + "token-uri", google.tokenEndpoint().toString());
            p.put(prefix + "revocation-uri", google.revocationEndpoint().toString());
            p.put(prefix + "api-base-uri", google.baseUrl().toString());
            // the connect flow checks the ID token's iss, which the sandbox sets to its own URL
            p.put(prefix + "options.issuer", google.issuer());
        }
    },
    MICROSOFT(MicrosoftSandbox::start) {
        @Override
        void endpoints(Map<String, Object> p, String prefix, ProviderSandbox sandbox) {
            p.put(prefix + "options.tenant", "common");
            p.put(prefix + "options.authority-host", sandbox.baseUrl().toString());
            p.put(prefix + "api-base-uri", sandbox.baseUrl().toString());
        }
    },
    GITHUB(GitHubSandbox::start) {
        @Override
        void endpoints(Map<String, Object> p, String prefix, ProviderSandbox sandbox) {
            GitHubSandbox github = (GitHubSandbox) sandbox;
            p.put(prefix + "options.web-base-url", github.webBaseUrl().toString());
            p.put(prefix + "options.api-base-url", github.apiBaseUrl().toString());
        }
    },
    DOCUSIGN(DocuSignSandbox::start) {
        @Override
        void endpoints(Map<String, Object> p, String prefix, ProviderSandbox sandbox) {
            p.put(prefix + "options.oauth-base-url", sandbox.baseUrl().toString());
        }
    },
    BITBUCKET(BitbucketSandbox::start) {
        @Override
        void endpoints(Map<String, Object> p, String prefix, ProviderSandbox sandbox) {
            p.put(prefix + "authorization-uri", sandbox.authorizationEndpoint().toString());
            p.put(prefix + "token-uri", sandbox.tokenEndpoint().toString());
            p.put(prefix + "api-base-uri", sandbox.baseUrl().toString());
        }
    };

    private final Function<SandboxOptions, ? extends ProviderSandbox> starter;

    SandboxProvider(Function<SandboxOptions, ? extends ProviderSandbox> starter) {
        this.starter = starter;
    }

    /** The registration id and provider type: {@code github}. */
    public String registration() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Starts this provider's sandbox on a loopback port. */
    public ProviderSandbox start(SandboxOptions options) {
        return starter.apply(options);
    }

    /** The {@code saas-connect.providers.<registration>.*} properties that point the registration at {@code sandbox}. */
    public Map<String, Object> properties(ProviderSandbox sandbox) {
        String prefix = "saas-connect.providers." + registration() + ".";
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(prefix + "type", registration());
        p.put(prefix + "client-id", sandbox.client().clientId());
        p.put(prefix + "client-secret", sandbox.client().clientSecret());
        endpoints(p, prefix, sandbox);
        return p;
    }

    abstract void endpoints(Map<String, Object> p, String prefix, ProviderSandbox sandbox);
}
