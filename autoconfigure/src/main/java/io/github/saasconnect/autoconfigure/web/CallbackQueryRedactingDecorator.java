package io.github.saasconnect.autoconfigure.web;

import java.net.URI;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Shows the callback's request to WebFlux (its {@code HttpWebHandlerAdapter} DEBUG request line among others) with
 * the {@code code} and {@code state} of its URI's query redacted; the query parameters themselves are unchanged, so
 * the callback still reads them. It wraps the whole HTTP handler, so it runs before anything logs the request.
 */
final class CallbackQueryRedactingDecorator implements HttpHandlerDecoratorFactory {

    private final CallbackQuery callbacks;

    CallbackQueryRedactingDecorator(CallbackQuery callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> handler.handle(
                callbacks.isCallback(request.getPath().pathWithinApplication().value()) ? redacted(request) : request,
                response);
    }

    private static ServerHttpRequest redacted(ServerHttpRequest request) {
        URI shown = UriComponentsBuilder.fromUri(request.getURI())
                .replaceQuery(CallbackQuery.redact(request.getURI().getRawQuery()))
                .build(true)
                .toUri();
        return new ServerHttpRequestDecorator(request) {
            @Override
            public URI getURI() {
                return shown;
            }
        };
    }
}
