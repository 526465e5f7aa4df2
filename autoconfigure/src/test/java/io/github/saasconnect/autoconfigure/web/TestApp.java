package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring MVC or WebFlux application on 127.0.0.1 and a random port with SaaS Connect's auto-configuration,
 * and a plain HTTP client that does not follow redirects.
 */
final class TestApp implements AutoCloseable {

    /** The web stack of an app. */
    enum Stack {
        MVC,
        WEBFLUX
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ConfigurableApplicationContext context;
    private final URI baseUrl;

    private TestApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    static TestApp start(
            Stack stack, Map<String, Object> singletons, List<Class<?>> extraConfiguration, String... properties) {
        List<Class<?>> sources = new ArrayList<>();
        sources.add(stack == Stack.MVC ? MvcApp.class : WebFluxApp.class);
        sources.addAll(extraConfiguration);
        List<String> args = new ArrayList<>(List.of(
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--server.shutdown=immediate",
                "--spring.jmx.enabled=false",
                "--spring.main.banner-mode=off",
                "--spring.config.name=saas-connect-web-test-" + UUID.randomUUID(),
                "--spring.main.log-startup-info=false",
                // Reactor Netty waits 2 s for quiet before its event loops stop: every test would pay it on close
                "--spring.reactor.netty.shutdown-quiet-period=0s"));
        for (String p : properties) {
            args.add("--" + p);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .web(stack == Stack.MVC ? WebApplicationType.SERVLET : WebApplicationType.REACTIVE)
                .initializers(ctx ->
                        singletons.forEach((name, bean) -> ctx.getBeanFactory().registerSingleton(name, bean)))
                .run(args.toArray(String[]::new));
        return new TestApp(context);
    }

    URI url(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    URI baseUrl() {
        return baseUrl;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    static HttpResponse<String> get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    static HttpResponse<String> send(String method, URI uri, Map<String, String> headers, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    /** Header a browser sends on a request from the app's own page. */
    static final Map<String, String> SAME_ORIGIN = Map.of("Sec-Fetch-Site", "same-origin");

    /**
     * Starts a connect the way the app's own page does: a form POST the browser marks {@code same-origin}, with
     * {@code return_to} in the body (raw, already encoded, or {@code null} for none).
     */
    static HttpResponse<String> startConnect(
            URI baseUrl, String registration, String encodedReturnTo, Map<String, String> owner) {
        Map<String, String> headers = new java.util.HashMap<>(owner);
        headers.putAll(SAME_ORIGIN);
        return send(
                "POST",
                URI.create(baseUrl + "/saas-connect/connect/" + registration),
                headers,
                encodedReturnTo == null ? "" : "return_to=" + encodedReturnTo);
    }

    static Map<String, String> basicAuth(String user, String password) {
        return Map.of(
                "Authorization",
                "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        TomcatServletWebServerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        SaasConnectStoreAutoConfiguration.class,
        SaasConnectAutoConfiguration.class,
        ConnectFlowAutoConfiguration.class,
        ConnectEndpointsMvcAutoConfiguration.class,
        ConnectEndpointsWebFluxAutoConfiguration.class
    })
    static class MvcApp {}

    @ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        NettyReactiveWebServerAutoConfiguration.class,
        HttpHandlerAutoConfiguration.class,
        WebFluxAutoConfiguration.class,
        CodecsAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        SaasConnectStoreAutoConfiguration.class,
        SaasConnectAutoConfiguration.class,
        ConnectFlowAutoConfiguration.class,
        ConnectEndpointsMvcAutoConfiguration.class,
        ConnectEndpointsWebFluxAutoConfiguration.class
    })
    static class WebFluxApp {}
}
