package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectionOwnerResolver;
import io.github.saasconnect.store.PendingAuthorizationStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The connect endpoints of a Spring MVC application under {@code saas-connect.web.base-path}. The owner of a
 * request comes from the application's {@link ConnectionOwnerResolver}, else from Spring Security; without
 * either, startup fails and says so.
 */
@AutoConfiguration(after = ConnectFlowAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({RouterFunction.class, jakarta.servlet.http.HttpServletRequest.class})
@ConditionalOnBooleanProperty(name = "saas-connect.web.enabled", matchIfMissing = true)
@ConditionalOnBean(ConnectFlow.class)
public final class ConnectEndpointsMvcAutoConfiguration {

    @Bean
    RouterFunction<ServerResponse> saasConnectMvcEndpoints(
            ConnectFlow flow,
            PendingAuthorizationStore pending,
            ObjectProvider<ConnectionOwnerResolver> owners,
            SaasConnectWebProperties properties,
            SaasConnectConnectProperties connect) {
        ConnectEndpointsGuard.requirePendingStore(pending);
        ConnectionOwnerResolver resolver = owners.getIfUnique(() -> {
            throw ConnectEndpointsGuard.noOwnerResolver(ConnectionOwnerResolver.class.getName());
        });
        ConnectStartGuard guard =
                new ConnectStartGuard(connect.isAllowGetStart(), flow.settings().returnTo());
        return new MvcConnectEndpoints(flow, resolver, properties.getBasePath(), guard).routes();
    }

    /** Keeps the callback's code and state out of the request lines Spring logs at DEBUG (see WEB.md). */
    @Bean
    @ConditionalOnMissingBean(name = "saasConnectCallbackQueryRedaction")
    FilterRegistrationBean<CallbackQueryRedactingFilter> saasConnectCallbackQueryRedaction(
            SaasConnectWebProperties properties) {
        FilterRegistrationBean<CallbackQueryRedactingFilter> registration = new FilterRegistrationBean<>(
                new CallbackQueryRedactingFilter(new CallbackQuery(properties.getBasePath())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SecurityContextHolder.class)
    static class SpringSecurityOwnerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ConnectionOwnerResolver saasConnectOwnerResolver() {
            return new SpringSecurityConnectionOwnerResolver();
        }
    }
}
