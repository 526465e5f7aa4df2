package io.github.saasconnect.sample;

import java.util.Arrays;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo sign-in: Spring Security's form login with the users of {@code sample.users}. SaaS Connect takes the
 * signed-in user's name as the owner of their connections. The {@code spring-security} profile signs in with Google
 * instead ({@link OAuth2LoginConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!" + OAuth2LoginConfiguration.PROFILE)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain sampleSecurity(HttpSecurity http) {
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager sampleUsers(
            @Value("${sample.users}") String users, @Value("${sample.password}") String password) {
        return new InMemoryUserDetailsManager(Arrays.stream(users.split(","))
                .map(String::strip)
                .map(name -> User.withUsername(name)
                        .password("{noop}" + password)
                        .roles("USER")
                        .build())
                .toList());
    }
}
