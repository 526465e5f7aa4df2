package io.github.saasconnect.provider.testing;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link RegistrationSettings} for tests, with a client id, a secret and a loopback redirect URI. */
public final class Settings {

    private String id;
    private final String type;
    private String clientId = "client-id-1";
    private Secret clientSecret = Secret.of("client-secret-value-1");
    private List<String> scopes = List.of();
    private URI redirectUri = URI.create("http://127.0.0.1:8080/callback");
    private URI authorizationUri;
    private URI tokenUri;
    private URI revocationUri;
    private URI apiBaseUri;
    private ClientAuthentication clientAuthentication;
    private Boolean pkce;
    private final Map<String, String> authorizationParameters = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private AppCredentials app = AppCredentials.NONE;

    private Settings(String type) {
        this.type = type;
        this.id = type;
    }

    public static Settings of(String type) {
        return new Settings(type);
    }

    public Settings id(String value) {
        this.id = value;
        return this;
    }

    public Settings client(String id, String secret) {
        this.clientId = id;
        this.clientSecret = Secret.ofNullable(secret);
        return this;
    }

    public Settings scopes(String... values) {
        this.scopes = List.of(values);
        return this;
    }

    public Settings redirectUri(URI value) {
        this.redirectUri = value;
        return this;
    }

    public Settings authorizationUri(URI value) {
        this.authorizationUri = value;
        return this;
    }

    public Settings tokenUri(URI value) {
        this.tokenUri = value;
        return this;
    }

    public Settings revocationUri(URI value) {
        this.revocationUri = value;
        return this;
    }

    public Settings apiBaseUri(URI value) {
        this.apiBaseUri = value;
        return this;
    }

    public Settings clientAuthentication(ClientAuthentication value) {
        this.clientAuthentication = value;
        return this;
    }

    public Settings pkce(Boolean value) {
        this.pkce = value;
        return this;
    }

    public Settings parameter(String name, String value) {
        authorizationParameters.put(name, value);
        return this;
    }

    public Settings option(String name, String value) {
        options.put(name, value);
        return this;
    }

    public Settings app(AppCredentials value) {
        this.app = value;
        return this;
    }

    public RegistrationSettings build() {
        return new RegistrationSettings(
                id,
                type,
                clientId,
                clientSecret,
                scopes,
                redirectUri,
                authorizationUri,
                tokenUri,
                revocationUri,
                apiBaseUri,
                clientAuthentication,
                pkce,
                authorizationParameters,
                Duration.ofSeconds(60),
                options,
                app);
    }
}
