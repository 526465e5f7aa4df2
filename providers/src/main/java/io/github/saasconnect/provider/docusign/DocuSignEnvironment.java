package io.github.saasconnect.provider.docusign;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/** The DocuSign Account Server of each customer-facing environment (the internal stage host is left out). */
enum DocuSignEnvironment {
    /** The developer environment. */
    DEMO("demo", "https://account-d.docusign.com"),
    /** Production. */
    PRODUCTION("production", "https://account.docusign.com");

    private final String configName;
    private final URI oauthBase;

    DocuSignEnvironment(String configName, String oauthBase) {
        this.configName = configName;
        this.oauthBase = URI.create(oauthBase);
    }

    String configName() {
        return configName;
    }

    /** Where {@code /oauth/auth}, {@code /oauth/token} and {@code /oauth/userinfo} live. */
    URI oauthBase() {
        return oauthBase;
    }

    static List<String> configNames() {
        return Arrays.stream(values()).map(DocuSignEnvironment::configName).toList();
    }

    static DocuSignEnvironment of(String configName) {
        return Arrays.stream(values())
                .filter(e -> e.configName.equals(configName))
                .findFirst()
                .orElseThrow();
    }
}
