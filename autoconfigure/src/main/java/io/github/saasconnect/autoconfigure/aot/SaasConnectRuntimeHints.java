package io.github.saasconnect.autoconfigure.aot;

import io.github.saasconnect.autoconfigure.SaasConnectClientsProperties;
import io.github.saasconnect.autoconfigure.SaasConnectKeepAliveProperties;
import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import io.github.saasconnect.autoconfigure.web.SaasConnectConnectProperties;
import io.github.saasconnect.autoconfigure.web.SaasConnectWebProperties;
import io.github.saasconnect.connect.ConnectionSummary;
import io.github.saasconnect.provider.ProviderType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * What SaaS Connect reaches by reflection, for Spring AOT and GraalVM native images (registered in
 * {@code META-INF/spring/aot.factories}):
 *
 * <ul>
 *   <li>the records Jackson writes as JSON bodies: {@link ConnectionSummary} (the connect endpoints' list) and the
 *       Actuator endpoint's descriptors (when Actuator is present). Everything Jackson reads (token responses, stored records, pending
 *       authorizations, id_token claims) is read as a tree or a map, so no type needs binding hints;
 *   <li>the {@link ProviderType}s found with {@link java.util.ServiceLoader}: the service files and the no-argument
 *       constructor of every class they list, ours and an application's own, read from the class path that is
 *       processed;
 *   <li>the configuration properties classes, with their nested types, as Spring Boot's binder needs them.
 * </ul>
 */
public final class SaasConnectRuntimeHints implements RuntimeHintsRegistrar {

    static final String PROVIDER_TYPES = "META-INF/services/" + ProviderType.class.getName();

    private static final String ACTUATOR = "org.springframework.boot.actuate.endpoint.OperationResponseBody";
    private static final String ENDPOINT = "io.github.saasconnect.autoconfigure.actuate.SaasConnectEndpoint";

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        MemberCategory[] jsonRecord = {
            MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
            MemberCategory.INVOKE_PUBLIC_METHODS,
            MemberCategory.ACCESS_DECLARED_FIELDS
        };
        hints.reflection().registerType(ConnectionSummary.class, jsonRecord);
        // by name: the endpoint's records implement an Actuator type, which an application without Actuator lacks
        if (ClassUtils.isPresent(ACTUATOR, classLoader)) {
            for (String descriptor :
                    List.of("SaasConnectDescriptor", "RegistrationDescriptor", "RejectionDescriptor")) {
                hints.reflection().registerType(TypeReference.of(ENDPOINT + "$" + descriptor), jsonRecord);
            }
        }

        hints.resources().registerPattern(PROVIDER_TYPES);
        for (String provider : providerTypes(classLoader)) {
            hints.reflection().registerType(TypeReference.of(provider), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
        }

        BindableRuntimeHintsRegistrar.forTypes(
                        SaasConnectProperties.class,
                        SaasConnectClientsProperties.class,
                        SaasConnectKeepAliveProperties.class,
                        SaasConnectConnectProperties.class,
                        SaasConnectWebProperties.class)
                .registerHints(hints, classLoader);
    }

    /** The class names every {@value #PROVIDER_TYPES} on the class path lists. */
    static Set<String> providerTypes(@Nullable ClassLoader classLoader) {
        ClassLoader loader = classLoader != null ? classLoader : SaasConnectRuntimeHints.class.getClassLoader();
        Set<String> names = new LinkedHashSet<>();
        try {
            Enumeration<URL> files = loader.getResources(PROVIDER_TYPES);
            while (files.hasMoreElements()) {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    lines.lines()
                            .map(line -> line.replaceFirst("#.*", "").strip())
                            .filter(line -> !line.isEmpty())
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + PROVIDER_TYPES, e);
        }
        return names;
    }
}
