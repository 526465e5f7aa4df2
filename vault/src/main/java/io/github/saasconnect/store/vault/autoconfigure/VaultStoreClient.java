package io.github.saasconnect.store.vault.autoconfigure;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.store.vault.autoconfigure.SaasConnectVaultStoreProperties.Authentication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AuthenticationSteps;
import org.springframework.vault.authentication.AuthenticationStepsOperator;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.ReactiveLifecycleAwareSessionManager;
import org.springframework.vault.authentication.VaultTokenSupplier;
import org.springframework.vault.client.ClientHttpConnectorFactory;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.client.WebClientBuilder;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.core.ReactiveVaultTemplate;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;
import org.springframework.vault.support.VaultToken;
import reactor.core.publisher.Mono;

/**
 * The token store's own reactive Spring Vault client, built from {@code saas-connect.store.vault.*} when the
 * application has none (or names another Vault with {@code uri}). Its session (Spring Vault's
 * {@link ReactiveLifecycleAwareSessionManager}) renews a renewable token, configured or from a login, shortly before
 * its TTL runs out; {@link #close()} revokes a login token (never a configured one) and stops its scheduler.
 */
public final class VaultStoreClient implements AutoCloseable {

    private static final String PREFIX = "saas-connect.store.vault.";
    private static final Logger log = LoggerFactory.getLogger(VaultStoreClient.class);

    private final ReactiveVaultTemplate template;
    private final ReactiveLifecycleAwareSessionManager sessions;
    private final @Nullable ThreadPoolTaskScheduler scheduler;

    private VaultStoreClient(
            ReactiveVaultTemplate template,
            ReactiveLifecycleAwareSessionManager sessions,
            @Nullable ThreadPoolTaskScheduler scheduler) {
        this.template = template;
        this.sessions = sessions;
        this.scheduler = scheduler;
    }

    /**
     * Builds the client; logins happen on first use.
     *
     * @throws InvalidSaasConnectConfigurationException naming the property that is missing or wrong
     */
    static VaultStoreClient create(SaasConnectVaultStoreProperties p) {
        return create(p, null, null);
    }

    /**
     * As {@link #create(SaasConnectVaultStoreProperties)}.
     *
     * @param bundles the application's SSL bundles, for {@code ssl.bundle}; {@code null} when it has none
     * @param scheduler runs the session's renewals; {@code null}: a scheduler of its own, stopped by {@link #close()}
     */
    static VaultStoreClient create(
            SaasConnectVaultStoreProperties p, @Nullable SslBundles bundles, @Nullable TaskScheduler scheduler) {
        VaultEndpoint endpoint = endpoint(p);
        WebClientBuilder builder = WebClientBuilder.builder().endpoint(endpoint).httpConnector(connector(p, bundles));
        if (p.getNamespace() != null && !p.getNamespace().isBlank()) {
            builder.defaultHeader(
                    VaultHttpHeaders.VAULT_NAMESPACE, p.getNamespace().strip());
        }
        VaultTokenSupplier login;
        if (p.getAuthentication() == Authentication.TOKEN) {
            VaultToken token = VaultToken.of(required(
                    p.getToken(),
                    "token",
                    "Set it to a Vault token whose policy is in vault/VAULT-STORE.md, or choose " + PREFIX
                            + "authentication=approle|kubernetes"));
            // A plain VaultToken: the session manager looks it up (auth/token/lookup-self), renews it before its TTL
            // runs out when it is renewable (vault token create -period=24h), and never revokes it on close.
            login = () -> Mono.just(token);
        } else {
            AuthenticationSteps steps = p.getAuthentication() == Authentication.APPROLE ? appRole(p) : kubernetes(p);
            login = new AuthenticationStepsOperator(steps, builder.build());
        }
        ThreadPoolTaskScheduler own = null;
        if (scheduler == null) {
            own = new ThreadPoolTaskScheduler();
            own.setPoolSize(1);
            own.setDaemon(true);
            own.setThreadNamePrefix("saas-connect-vault-session-");
            own.initialize();
        }
        ReactiveLifecycleAwareSessionManager sessions =
                new ReactiveLifecycleAwareSessionManager(login, own != null ? own : scheduler, builder.build());
        return new VaultStoreClient(new ReactiveVaultTemplate(builder, sessions), sessions, own);
    }

    /**
     * Spring Vault's connector for the classpath's HTTP client; with {@code ssl.bundle}, the JDK client with the
     * bundle's {@link javax.net.ssl.SSLContext} (trust store, and client key when the bundle has one).
     */
    private static ClientHttpConnector connector(SaasConnectVaultStoreProperties p, @Nullable SslBundles bundles) {
        String bundleName = p.getSsl().getBundle();
        if (bundleName == null || bundleName.isBlank()) {
            return ClientHttpConnectorFactory.create(
                    new ClientOptions(p.getConnectTimeout(), p.getReadTimeout()), SslConfiguration.unconfigured());
        }
        if (!"https".equals(p.getUri().getScheme())) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "ssl.bundle",
                    "is set but " + PREFIX + "uri is not https",
                    "Use an https:// uri, or remove " + PREFIX + "ssl.bundle");
        }
        SslBundle bundle;
        try {
            if (bundles == null) {
                throw new NoSuchSslBundleException(bundleName, "the application has no SSL bundles");
            }
            bundle = bundles.getBundle(bundleName.strip());
        } catch (NoSuchSslBundleException e) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "ssl.bundle",
                    "names the SSL bundle '" + bundleName + "', which is not configured",
                    "Define it, for example spring.ssl.bundle.pem." + bundleName
                            + ".truststore.certificate=file:/etc/vault/ca.pem");
        }
        HttpClient client = HttpClient.newBuilder()
                .sslContext(bundle.createSslContext())
                .connectTimeout(p.getConnectTimeout())
                .build();
        JdkClientHttpConnector connector = new JdkClientHttpConnector(client);
        connector.setReadTimeout(p.getReadTimeout());
        return connector;
    }

    /** The client. */
    public ReactiveVaultOperations operations() {
        return template;
    }

    @Override
    public void close() {
        try {
            sessions.destroy();
        } finally {
            if (scheduler != null) {
                scheduler.shutdown();
            }
        }
    }

    private static VaultEndpoint endpoint(SaasConnectVaultStoreProperties p) {
        if (p.getUri() == null
                || p.getUri().getHost() == null
                || !("http".equals(p.getUri().getScheme())
                        || "https".equals(p.getUri().getScheme()))) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "uri",
                    "'" + p.getUri() + "' is not an http(s) address with a host",
                    "Set it to Vault's address, such as "
                            + "https://vault.example.com:8200 (http://127.0.0.1:8200 for vault server -dev)");
        }
        if ("http".equals(p.getUri().getScheme()) && !isLoopback(p.getUri().getHost())) {
            if (!p.isAllowInsecureHttp()) {
                throw new InvalidSaasConnectConfigurationException(
                        PREFIX + "uri",
                        "'" + p.getUri() + "' is plain http to another host than this one: every token the store "
                                + "reads or writes, and the Vault token itself, would cross the network unencrypted",
                        "Use https (with " + PREFIX + "uri=https://...), or, only where the network itself is "
                                + "encrypted (a service mesh with mTLS, a sidecar), set " + PREFIX
                                + "allow-insecure-http=true");
            }
            log.warn(
                    "The Vault store talks to {} over plain http ({}allow-insecure-http=true): refresh tokens and the "
                            + "Vault token cross the network unencrypted unless the network encrypts them",
                    p.getUri().getHost(),
                    PREFIX);
        }
        return VaultEndpoint.from(p.getUri());
    }

    /** Whether {@code host} names this machine: a loopback address literal, or {@code localhost}. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static AuthenticationSteps appRole(SaasConnectVaultStoreProperties p) {
        SaasConnectVaultStoreProperties.AppRole a = p.getAppRole();
        String roleId = required(a.getRoleId(), "app-role.role-id", "Set the AppRole's role id");
        String secretId = required(a.getSecretId(), "app-role.secret-id", "Set the AppRole's secret id");
        return AppRoleAuthentication.createAuthenticationSteps(AppRoleAuthenticationOptions.builder()
                .path(a.getPath())
                .roleId(AppRoleAuthenticationOptions.RoleId.provided(roleId))
                .secretId(AppRoleAuthenticationOptions.SecretId.provided(secretId))
                .build());
    }

    private static AuthenticationSteps kubernetes(SaasConnectVaultStoreProperties p) {
        SaasConnectVaultStoreProperties.Kubernetes k = p.getKubernetes();
        String role = required(k.getRole(), "kubernetes.role", "Set the Vault role bound to this service account");
        Path file = k.getServiceAccountTokenFile();
        Supplier<String> jwt = () -> {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read the Kubernetes service-account token " + file + " (" + PREFIX
                                + "kubernetes.service-account-token-file)",
                        e);
            }
        };
        return KubernetesAuthentication.createAuthenticationSteps(KubernetesAuthenticationOptions.builder()
                .path(k.getPath())
                .role(role)
                .jwtSupplier(jwt)
                .build());
    }

    private static String required(String value, String property, String action) {
        if (value == null || value.isBlank()) {
            throw new InvalidSaasConnectConfigurationException(PREFIX + property, "is not set", action);
        }
        return value.strip();
    }
}
