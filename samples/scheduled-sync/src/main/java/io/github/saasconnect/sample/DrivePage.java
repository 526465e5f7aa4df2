package io.github.saasconnect.sample;

import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.HtmlUtils;

/**
 * The {@code spring-security} profile's API page: the signed-in user's Drive files through a {@link RestClient} with
 * Spring Security's {@link OAuth2ClientHttpRequestInterceptor}, plain Spring Security code. The
 * {@link OAuth2AuthorizedClientManager} behind it is the bridge's, so the token comes from the user's SaaS Connect
 * connection and an expired one is refreshed by the {@code TokenManager}.
 */
@Controller
@Profile(OAuth2LoginConfiguration.PROFILE)
class DrivePage {

    private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {};

    private final RestClient drive;

    DrivePage(
            OAuth2AuthorizedClientManager authorizedClients,
            @Value("${saas-connect.providers.google.api-base-uri:https://www.googleapis.com}") URI api) {
        this.drive = RestClient.builder()
                .baseUrl(api)
                .requestInterceptor(new OAuth2ClientHttpRequestInterceptor(authorizedClients))
                .build();
    }

    @GetMapping(path = "/drive", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String page(Principal user) {
        Map<String, Object> files = drive.get()
                .uri("/drive/v3/files?pageSize=100")
                .attributes(clientRegistrationId("google"))
                .retrieve()
                .body(OBJECT);
        int count = files == null || !(files.get("files") instanceof List<?> list) ? 0 : list.size();
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drive</title></head><body>"
                + "<h1>Your Drive</h1><p>Signed in as <b id=\"user\">" + HtmlUtils.htmlEscape(user.getName())
                + "</b></p><p id=\"drive\">" + count + " Drive files</p>"
                + "<p><a href=\"/\">Your connections</a></p></body></html>";
    }
}
