package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12's proof that a provider is data: a registration of the generic {@code oauth2} type, described by
 * configuration values alone, and a sixth provider type living only in its own package (found by ServiceLoader), both
 * page by {@code Link} headers and wait out {@code Retry-After} against the GitHub sandbox (the one that serves
 * {@code Link} headers), over real loopback HTTP.
 */
class ProviderByConfigurationTest {

    private static final Duration VERIFY = Duration.ofSeconds(30);

    @Test
    void aGenericOAuth2RegistrationConfiguredByOptionsAlonePagesWaitsAndSendsItsTokenParameters() {
        try (ApiFixture<GitHubSandbox> forge = ApiFixture.of(
                GitHubSandbox::start,
                s -> register(
                        new GenericOAuth2ProviderType(),
                        s,
                        Settings.of("oauth2")
                                .id("forge")
                                .authorizationUri(s.authorizationEndpoint())
                                .tokenUri(s.tokenEndpoint())
                                .apiBaseUri(s.apiBaseUrl())
                                .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
                                .option("paging", "link-header")
                                .option("rate-limit", "retry-after")
                                .option("rotation", "strict")
                                .option("access-token-lifetime", "8h")
                                .option("refresh-token-lifetime", "30d")
                                .option("token-parameters.audience", "https://api.forge.example")))) {
            assertThat(forge.registration.descriptor().refreshTokenLifetime().maxIdle())
                    .isEqualTo(Duration.ofDays(30));
            assertThat(forge.registration.descriptor().defaultAccessTokenLifetime())
                    .isEqualTo(Duration.ofHours(8));

            pagesAndWaits(forge, "forge");

            RecordedRequest refresh =
                    forge.sandbox.requests().of(Endpoint.TOKEN).get(0);
            assertThat(refresh.body())
                    .contains("grant_type=refresh_token")
                    .contains("audience=https%3A%2F%2Fapi.forge.example");
        }
    }

    @Test
    void aSixthProviderTypeInItsOwnPackageIsFoundByServiceLoaderAndBehavesLikeItsDescriptorSays() {
        ProviderType forgeType = ServiceLoader.load(ProviderType.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(t -> t.name().equals("forge"))
                .findFirst()
                .orElseThrow();

        try (ApiFixture<GitHubSandbox> forge = ApiFixture.of(
                GitHubSandbox::start,
                s -> register(
                        forgeType,
                        s,
                        Settings.of("forge")
                                .authorizationUri(s.authorizationEndpoint())
                                .tokenUri(s.tokenEndpoint())
                                .apiBaseUri(s.apiBaseUrl())))) {
            pagesAndWaits(forge, "forge");
        }
    }

    /** 1,234 items over 13 pages of Link headers, then one 429 with Retry-After: 17 waited out. */
    private static void pagesAndWaits(ApiFixture<GitHubSandbox> forge, String registration) {
        forge.sandbox.listFixture(ListFixture.of(1234));
        ConnectionId alice = forge.connectExpired("alice");

        List<JsonNode> repos = forge.clients()
                .paginator(registration)
                .items(forge.clients().webClient(alice), "/user/repos?per_page=100", JsonNode.class)
                .collectList()
                .block(VERIFY);

        assertThat(repos).hasSize(1234);
        assertThat(forge.sandbox.requestCount(Endpoint.API)).isEqualTo(13);

        forge.sandbox.faults().nextApiResponse(forge.sandbox.secondaryRateLimit(429, Duration.ofSeconds(17)));
        Map<String, Object> user = forge.clients()
                .restClient(alice)
                .get()
                .uri("/user")
                .retrieve()
                .body(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {});

        assertThat(user).containsKey("login");
        assertThat(forge.slept).containsExactly(Duration.ofSeconds(17));
        assertThat(forge.sandbox.requestCount(Endpoint.API)).isEqualTo(15);
    }

    private static ProviderRegistration register(ProviderType type, GitHubSandbox s, Settings settings) {
        return type.register(settings.client(s.client().clientId(), s.client().clientSecret())
                .build());
    }
}
