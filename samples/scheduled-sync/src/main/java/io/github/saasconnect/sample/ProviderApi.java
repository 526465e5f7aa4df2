package io.github.saasconnect.sample;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.provider.ProviderRegistration;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One read-only call per provider type, with the connection's access token. Small on purpose: it becomes a call
 * through {@code ProviderClients} once the authorized clients land.
 */
@Component
class ProviderApi {

    private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() { };
    private static final ParameterizedTypeReference<List<Object>> ARRAY = new ParameterizedTypeReference<>() { };

    private final WebClient http;

    ProviderApi(WebClient.Builder builder) {
        this.http = builder.build();
    }

    /** A one-line summary of the account's data. */
    String fetch(ProviderRegistration registration, ConnectionRecord record, AccessToken token) {
        URI api = registration.adapter().apiBaseUri(registration, record);
        return switch (registration.descriptor().type()) {
            case "github" -> count(getArray(url(api, "/user/repos?per_page=100"), token), "repositories");
            case "google" -> count(list(getObject(url(api, "/drive/v3/files"), token), "files"), "Drive files");
            case "microsoft" -> count(list(getObject(url(api, "/v1.0/me/messages"), token), "value"), "mail messages");
            case "docusign" -> docuSign(record, token);
            case "bitbucket" -> "Bitbucket user " + getObject(url(api, "/2.0/user"), token).get("display_name");
            default -> "no sample call for type " + registration.descriptor().type();
        };
    }

    private String docuSign(ConnectionRecord record, AccessToken token) {
        String base = record.attributes().get("base_uri");
        String account = record.attributes().get("account_id");
        URI envelopes = UriComponentsBuilder.fromUriString(base).path("/restapi/v2.1/accounts/{id}/envelopes")
                .queryParam("from_date", "2020-01-01").buildAndExpand(account).encode().toUri();
        return getObject(envelopes, token).get("totalSetSize") + " envelopes";
    }

    private Map<String, Object> getObject(URI uri, AccessToken token) {
        return http.get().uri(uri).header(HttpHeaders.AUTHORIZATION, token.authorizationHeader()).retrieve()
                .bodyToMono(OBJECT).block();
    }

    private List<Object> getArray(URI uri, AccessToken token) {
        return http.get().uri(uri).header(HttpHeaders.AUTHORIZATION, token.authorizationHeader()).retrieve()
                .bodyToMono(ARRAY).block();
    }

    private static List<?> list(Map<String, Object> body, String field) {
        return body.get(field) instanceof List<?> l ? l : List.of();
    }

    private static String count(List<?> items, String what) {
        return items.size() + (items.size() == 100 ? "+ " : " ") + what;
    }

    private static URI url(URI base, String pathAndQuery) {
        return URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery);
    }
}
