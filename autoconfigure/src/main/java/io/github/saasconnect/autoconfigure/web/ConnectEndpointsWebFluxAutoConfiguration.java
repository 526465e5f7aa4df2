package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ReactiveConnectionOwnerResolver;
import io.github.saasconnect.store.PendingAuthorizationStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The connect endpoints of a WebFlux application under {@code saas-connect.web.base-path}. The owner of a
 * request comes from the application's {@link ReactiveConnectionOwnerResolver}, else from Spring Security;
 * without either, startup fails and says so.
 */
@AutoConfiguration(after = ConnectFlowAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBooleanProperty(name = "saas-connect.web.enabled", matchIfMissing = true)
@ConditionalOnBean(ConnectFlow.class)
public final class ConnectEndpointsWebFluxAutoConfiguration {

    @Bean
    RouterFunction<ServerResponse> saasConnectWebFluxEndpoints(
            ConnectFlow flow,
            PendingAuthorizationStore pending,
            ObjectProvider<ReactiveConnectionOwnerResolver> owners,
            SaasConnectWebProperties properties,
            SaasConnectConnectProperties connect) {
        ConnectEndpointsGuard.requirePendingStore(pending);
        ReactiveConnectionOwnerResolver resolver = owners.getIfUnique(() -> {
            throw ConnectEndpointsGuard.noOwnerResolver(ReactiveConnectionOwnerResolver.class.getName());
        });
        ConnectStartGuard guard =
                new ConnectStartGuard(connect.isAllowGetStart(), flow.settings().returnTo());
        return new WebFluxConnectEndpoints(flow, resolver, properties.getBasePath(), guard).routes();
    }

    /** Keeps the callback's code and state out of the request lines WebFlux logs at DEBUG (see WEB.md). */
    @Bean
    @ConditionalOnMissingBean(name = "saasConnectCallbackQueryRedaction")
    HttpHandlerDecoratorFactory saasConnectCallbackQueryRedaction(SaasConnectWebProperties properties) {
        return new CallbackQueryRedactingDecorator(new CallbackQuery(properties.getBasePath()));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveSecurityContextHolder.class)
    static class SpringSecurityOwnerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveConnectionOwnerResolver saasConnectReactiveOwnerResolver() {
            return new SpringSecurityReactiveConnectionOwnerResolver();
        }
    }
}
