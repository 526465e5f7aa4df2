package io.github.saasconnect.security.autoconfigure;

import io.github.saasconnect.autoconfigure.ImportedClientSettings;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import io.github.saasconnect.autoconfigure.web.ConnectFlowAutoConfiguration;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.security.BridgedRegistrations;
import io.github.saasconnect.security.ConnectionAuthorizedClients;
import io.github.saasconnect.security.OfflineAccessRequests;
import io.github.saasconnect.security.SaasConnectOAuth2AuthorizedClientManager;
import io.github.saasconnect.security.SaasConnectOAuth2AuthorizedClientService;
import io.github.saasconnect.security.SaasConnectReactiveOAuth2AuthorizedClientManager;
import io.github.saasconnect.security.SaasConnectReactiveOAuth2AuthorizedClientService;
import io.github.saasconnect.security.SpringSecurityClientSettings;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.oauth2.client.autoconfigure.ConditionalOnOAuth2ClientRegistrationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;

/**
 * Spring Security's OAuth2 client on SaaS Connect: registrations completed from
 * {@code spring.security.oauth2.client.*}, and the authorized client services and managers (servlet and reactive)
 * of the registrations named by {@code saas-connect.providers.<id>.from-spring-security} backed by the
 * {@link TokenStore} and the {@link TokenManager}. Ahead of Spring Boot's OAuth2 client auto-configuration, whose
 * in-memory service steps aside; every bean steps aside for the application's own.
 */
@AutoConfiguration(
        after = {SaasConnectAutoConfiguration.class, ConnectFlowAutoConfiguration.class},
        before = {OAuth2ClientAutoConfiguration.class, ReactiveOAuth2ClientAutoConfiguration.class})
@ConditionalOnClass({ClientRegistration.class, OAuth2ClientAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SaasConnectProperties.class)
public final class SaasConnectSpringSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ImportedClientSettings saasConnectSpringSecurityClientSettings(
            ObjectProvider<ClientRegistrationRepository> servlet,
            ObjectProvider<ReactiveClientRegistrationRepository> reactive) {
        return new SpringSecurityClientSettings(
                id -> find(id, servlet.getIfAvailable(), reactive.getIfAvailable()),
                () -> known(servlet.getIfAvailable(), reactive.getIfAvailable()));
    }

    @Bean
    @ConditionalOnMissingBean
    BridgedRegistrations saasConnectBridgedRegistrations(SaasConnectProperties properties) {
        return BridgedRegistrations.of(properties.getProviders());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({TokenStore.class, TokenManager.class, ConnectFlow.class})
    ConnectionAuthorizedClients saasConnectAuthorizedClients(
            BridgedRegistrations registrations, TokenStore store, TokenManager tokens, ConnectFlow flow) {
        return new ConnectionAuthorizedClients(registrations, store, tokens, flow);
    }

    private static @Nullable ClientRegistration find(
            String id,
            @Nullable ClientRegistrationRepository servlet,
            @Nullable ReactiveClientRegistrationRepository reactive) {
        if (servlet != null) {
            return servlet.findByRegistrationId(id);
        }
        // at startup, before any request: the in-memory repository answers at once
        return reactive == null ? null : reactive.findByRegistrationId(id).block();
    }

    private static Collection<String> known(@Nullable Object servlet, @Nullable Object reactive) {
        List<String> ids = new ArrayList<>();
        Object repository = servlet != null ? servlet : reactive;
        if (repository instanceof Iterable<?> registrations) {
            registrations.forEach(r -> ids.add(((ClientRegistration) r).getRegistrationId()));
        }
        return ids;
    }

    /** The servlet (and plain) application's service and manager, on Spring Security's client registrations. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({TokenStore.class, TokenManager.class, ConnectFlow.class})
    @Conditional(ServletClientRegistrations.class)
    static class ServletConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OAuth2AuthorizedClientService saasConnectOAuth2AuthorizedClientService(
                ClientRegistrationRepository registrations, ConnectionAuthorizedClients clients) {
            return new SaasConnectOAuth2AuthorizedClientService(
                    registrations, clients, new InMemoryOAuth2AuthorizedClientService(registrations));
        }

        @Bean
        @ConditionalOnMissingBean
        OAuth2AuthorizedClientManager saasConnectOAuth2AuthorizedClientManager(
                ClientRegistrationRepository registrations,
                ConnectionAuthorizedClients clients,
                OAuth2AuthorizedClientService service) {
            // registrations SaaS Connect does not serve: Spring Security's providers, outside a request too
            AuthorizedClientServiceOAuth2AuthorizedClientManager others =
                    new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, service);
            others.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                    .authorizationCode()
                    .refreshToken()
                    .clientCredentials()
                    .build());
            return new SaasConnectOAuth2AuthorizedClientManager(registrations, clients, others);
        }
    }

    /**
     * Logging in with a bridged Google registration connects: the login asks for offline access. Its own class, as it
     * names servlet types that a reactive or non-web application may not have.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnBean({TokenStore.class, TokenManager.class, ConnectFlow.class})
    @Conditional({ServletClientRegistrations.class, BridgedGoogleRegistration.class})
    static class ServletLoginConfiguration {

        /**
         * Spring Security's resolver with {@link OfflineAccessRequests}: only when a bridged registration is Google's,
         * since {@code oauth2Login} prefers this bean over its own and an application's custom authorization base URI
         * would otherwise be ignored.
         */
        @Bean
        @ConditionalOnMissingBean
        OAuth2AuthorizationRequestResolver saasConnectAuthorizationRequestResolver(
                ClientRegistrationRepository registrations, SaasConnectProperties properties) {
            DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
                    registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
            resolver.setAuthorizationRequestCustomizer(OfflineAccessRequests.of(properties.getProviders()));
            return resolver;
        }
    }

    /** A {@code saas-connect.providers.<id>} of type {@code google} that sets {@code from-spring-security}. */
    static final class BridgedGoogleRegistration extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Map<String, SaasConnectProperties.Provider> providers = Binder.get(context.getEnvironment())
                    .bind("saas-connect.providers", Bindable.mapOf(String.class, SaasConnectProperties.Provider.class))
                    .orElse(Map.of());
            return OfflineAccessRequests.of(providers).isEmpty()
                    ? ConditionOutcome.noMatch("no bridged registration of type google")
                    : ConditionOutcome.match("a bridged registration of type google");
        }
    }

    /** The reactive application's service and manager, on Spring Security's reactive client registrations. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({TokenStore.class, TokenManager.class, ConnectFlow.class})
    @Conditional(ReactiveClientRegistrations.class)
    static class ReactiveConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveOAuth2AuthorizedClientService saasConnectReactiveOAuth2AuthorizedClientService(
                ReactiveClientRegistrationRepository registrations, ConnectionAuthorizedClients clients) {
            return new SaasConnectReactiveOAuth2AuthorizedClientService(
                    registrations, clients, new InMemoryReactiveOAuth2AuthorizedClientService(registrations));
        }

        @Bean
        @ConditionalOnMissingBean
        ReactiveOAuth2AuthorizedClientManager saasConnectReactiveOAuth2AuthorizedClientManager(
                ReactiveClientRegistrationRepository registrations,
                ConnectionAuthorizedClients clients,
                ReactiveOAuth2AuthorizedClientService service) {
            AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager others =
                    new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations, service);
            others.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
                    .authorizationCode()
                    .refreshToken()
                    .clientCredentials()
                    .build());
            return new SaasConnectReactiveOAuth2AuthorizedClientManager(registrations, clients, others);
        }
    }

    /**
     * Where Spring Boot makes a {@link ClientRegistrationRepository} (registration properties, any application but a
     * reactive web one), or the application made one itself.
     */
    static final class ServletClientRegistrations extends AnyNestedCondition {

        ServletClientRegistrations() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(ClientRegistrationRepository.class)
        static class ApplicationDefined {}

        @Conditional(NotReactive.class)
        @ConditionalOnOAuth2ClientRegistrationProperties
        static class FromProperties {}
    }

    /**
     * Where Spring Boot makes a {@link ReactiveClientRegistrationRepository} for a reactive web application, or the
     * application made one itself. A non-web application gets the servlet twins, on Boot's
     * {@link ClientRegistrationRepository}.
     */
    static final class ReactiveClientRegistrations extends AnyNestedCondition {

        ReactiveClientRegistrations() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(ReactiveClientRegistrationRepository.class)
        static class ApplicationDefined {}

        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
        @ConditionalOnOAuth2ClientRegistrationProperties
        static class FromProperties {}
    }

    static final class NotReactive extends NoneNestedConditions {

        NotReactive() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
        static class Reactive {}
    }
}
