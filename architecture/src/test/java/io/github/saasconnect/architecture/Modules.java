package io.github.saasconnect.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's modules and who may depend on whom (README "Architecture"). A class belongs to the module whose
 * build output holds it, not to a package prefix: {@code store} lives in core and {@code store.vault} in the
 * vault module, {@code provider} in core and {@code provider.github} in providers.
 */
final class Modules {

    static final String TESTKIT = "testkit";
    static final String CORE = "core";
    static final String PROVIDERS = "providers";
    static final String AUTOCONFIGURE = "autoconfigure";
    static final String VAULT = "vault";
    static final String SPRING_SECURITY = "spring-security";
    static final String STORE_TCK = "store-tck";
    static final String JDBC = "jdbc";
    static final String TEST = "test";

    /** Main-code dependencies each module may have on the others; nothing else, and never a cycle. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            TESTKIT, Set.of(),
            CORE, Set.of(),
            PROVIDERS, Set.of(CORE),
            AUTOCONFIGURE, Set.of(CORE, PROVIDERS),
            VAULT, Set.of(CORE, AUTOCONFIGURE),
            SPRING_SECURITY, Set.of(CORE, PROVIDERS, AUTOCONFIGURE),
            STORE_TCK, Set.of(CORE),
            JDBC, Set.of(CORE, AUTOCONFIGURE),
            // test support for applications: drives the auto-configured connect flow against the test kit
            TEST, Set.of(CORE, AUTOCONFIGURE, TESTKIT));

    /** The main classes of every module, each read once per test run. */
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.saasconnect");

    /** In the reactor a module's classes sit under {@code <module>/target/}; from a repository, in its jar. */
    private static final List<Pattern> LOCATIONS = List.of(
            Pattern.compile("/([a-z-]+)/target/"), Pattern.compile("/saas-connect-([a-z-]+?)-[0-9][^/]*\\.jar"));

    private Modules() {}

    /** The module that holds {@code c}, or {@code "?"} when its location says nothing. */
    static String of(JavaClass c) {
        String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
        for (Pattern p : LOCATIONS) {
            Matcher m = p.matcher(uri);
            if (m.find() && ALLOWED.containsKey(m.group(1))) {
                return m.group(1);
            }
        }
        return "?";
    }

    static DescribedPredicate<JavaClass> in(String module) {
        return DescribedPredicate.describe("in module " + module, c -> of(c).equals(module));
    }
}
