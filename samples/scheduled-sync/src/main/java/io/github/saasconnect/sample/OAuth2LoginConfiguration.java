package io.github.saasconnect.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The {@code spring-security} profile: a plain Spring Security {@code oauth2Login} app. Users sign in with Google
 * (registration {@code google} under {@code spring.security.oauth2.client}); with saas-connect-spring-security on the
 * class path and {@code saas-connect.providers.google.from-spring-security=google}, that login is also the user's
 * Google connection, refreshed by SaaS Connect's {@code TokenManager} ({@link DrivePage}, the scheduled job).
 */
@Configuration(proxyBeanMethods = false)
@Profile(OAuth2LoginConfiguration.PROFILE)
class OAuth2LoginConfiguration {

    /** The profile that signs in with {@code oauth2Login}. */
    static final String PROFILE = "spring-security";

    @Bean
    SecurityFilterChain sampleOAuth2LoginSecurity(HttpSecurity http) {
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .oauth2Login(Customizer.withDefaults())
                .logout(Customizer.withDefaults());
        return http.build();
    }
}
