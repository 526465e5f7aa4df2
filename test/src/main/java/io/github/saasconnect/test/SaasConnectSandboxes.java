package io.github.saasconnect.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a Spring Boot test class: starts the test kit's sandboxes of {@link #value() the chosen providers} on loopback
 * ports for the test's application context, points a registration of each provider's real type at its sandbox
 * (registration id {@code github}, {@code google} ...; the store is in memory unless the test sets
 * {@code saas-connect.store.type}), and connects {@link #connections() users} through the real connect flow
 * (authorization request, sandbox consent, code exchange, account discovery) before the first test runs:
 *
 * <pre>{@code
 * @SpringBootTest
 * @SaasConnectSandboxes(value = SandboxProvider.GITHUB, connections = {"github:alice", "github:bob"})
 * class RepoSyncJobTest {
 *     @Autowired RepoSyncJob job;             // the application's job, on the real ProviderClients
 *     @Autowired RunningSandboxes sandboxes;  // the sandboxes, to seed data, inject faults, connect more users
 * }
 * }</pre>
 *
 * The sandboxes stop with the context; contexts with the same providers and connections are cached and shared by
 * Spring's test context cache like any other.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SaasConnectSandboxes {

    /** The providers whose sandboxes to start. */
    SandboxProvider[] value();

    /** Users to connect before the tests run, each {@code registration:owner} ({@code github:alice}). */
    String[] connections() default {};
}
