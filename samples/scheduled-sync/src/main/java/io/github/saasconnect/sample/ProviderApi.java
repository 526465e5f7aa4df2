package io.github.saasconnect.sample;

import io.github.saasconnect.client.Paginator;
import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.job.JobConnection;
import io.github.saasconnect.provider.ProviderRegistration;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One read-only call per provider type, through a client bound to the connection: relative URLs resolve against
 * the connection's API base (DocuSign: the account's own {@code base_uri}), lists are walked to the end with the
 * provider's paging style.
 */
@Component
class ProviderApi {

    private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {};

    private final ProviderClients clients;

    ProviderApi(ProviderClients clients) {
        this.clients = clients;
    }

    /** A one-line summary of the account's data. */
    Mono<String> fetch(ProviderRegistration registration, JobConnection connection, WebClient api) {
        Paginator pages = clients.paginator(registration.id());
        return switch (registration.descriptor().type()) {
            case "github" -> count(pages.items(api, "/user/repos?per_page=100", Map.class), "repositories");
            case "google" -> count(pages.items(api, "/drive/v3/files", "files", Map.class), "Drive files");
            case "microsoft" -> count(pages.items(api, "/v1.0/me/messages", Map.class), "mail messages");
            case "docusign" ->
                count(
                        pages.items(
                                api,
                                "/v2.1/accounts/" + connection.attributes().get("account_id")
                                        + "/envelopes?from_date=2020-01-01",
                                "envelopes",
                                Map.class),
                        "envelopes");
            case "bitbucket" ->
                api.get()
                        .uri("/2.0/user")
                        .retrieve()
                        .bodyToMono(OBJECT)
                        .map(user -> "Bitbucket user " + user.get("display_name"));
            default ->
                Mono.just("no sample call for type " + registration.descriptor().type());
        };
    }

    /** Why a fetch failed, without anything secret. */
    static String describe(Throwable e) {
        return e instanceof WebClientResponseException w
                ? "HTTP " + w.getStatusCode().value()
                : e instanceof SaasConnectException s
                        ? s.kind().name()
                        : e.getClass().getSimpleName();
    }

    private static Mono<String> count(Flux<?> items, String what) {
        return items.count().map(n -> n + " " + what);
    }
}
