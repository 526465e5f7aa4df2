package io.github.saasconnect.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.testkit.sandbox.internal.Pkce;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/** Module dependency directions, internal packages, and where Spring Boot and Spring Vault may be imported. */
class ModuleBoundariesTest {

    @Test
    void everyMainClassIsAttributedToAModule() {
        Set<String> found = Modules.MAIN.stream().map(Modules::of).collect(Collectors.toSet());

        assertThat(found)
                .as("a module whose location the rules cannot read would escape every rule")
                .containsExactlyInAnyOrderElementsOf(Modules.ALLOWED.keySet());
    }

    @Test
    void modulesDependOnlyInTheDocumentedDirections() {
        classes().should(dependOnlyOnAllowedModules()).check(Modules.MAIN);
    }

    @Test
    void internalPackagesAreUsedOnlyInsideTheirOwnModule() {
        classes().should(useNoOtherModulesInternals()).check(Modules.MAIN);
    }

    @Test
    void coreHasNoSpringBootImport() {
        noClasses()
                .that(Modules.in(Modules.CORE))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.boot..")
                .because("core is usable without Spring Boot; auto-configuration lives in autoconfigure and vault")
                .check(Modules.MAIN);
    }

    @Test
    void onlyTheVaultModuleImportsSpringVault() {
        noClasses()
                .that(Modules.in(Modules.VAULT).negate())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.vault..")
                .because("an application on the file store must not need spring-vault-core")
                .check(Modules.MAIN);
    }

    @Test
    void onlyTheSpringSecurityModuleImportsSpringSecuritysOAuth2Client() {
        noClasses()
                .that(Modules.in(Modules.SPRING_SECURITY).negate())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.security.oauth2.client..")
                .because("the starter works without Spring Security's OAuth2 client; the bridge is an add-on")
                .check(Modules.MAIN);
    }

    @Test
    void everyFailureAUserCanCatchIsASaasConnectException() {
        classes()
                .that(Modules.in(Modules.CORE)
                        .or(Modules.in(Modules.PROVIDERS))
                        .or(Modules.in(Modules.VAULT))
                        .or(Modules.in(Modules.SPRING_SECURITY))
                        .or(Modules.in(Modules.JDBC)))
                .and()
                .arePublic()
                .and()
                .areAssignableTo(RuntimeException.class)
                .should()
                .beAssignableTo(SaasConnectException.class)
                .because("one exception root: a caller catches SaasConnectException and branches on its FailureKind")
                .check(Modules.MAIN);
    }

    @Test
    void everyPackageOfTheLibraryIsNullMarked() {
        classes()
                .that(Modules.in(Modules.TESTKIT).negate())
                .should(beInANullMarkedPackage())
                .check(Modules.MAIN);
    }

    private static ArchCondition<JavaClass> beInANullMarkedPackage() {
        return new ArchCondition<>("be in a @NullMarked package (package-info.java)") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (!c.getPackage().isAnnotatedWith(NullMarked.class)) {
                    events.add(SimpleConditionEvent.violated(c, c.getPackageName() + " is not @NullMarked"));
                }
            }
        };
    }

    @Test
    void aClassOutsideTheTestKitUsingItsInternalsIsRefused() {
        JavaClasses withForeignUse = new ClassFileImporter().importClasses(InternalsFixture.class, Pkce.class);

        assertThat(classes()
                        .should(useNoOtherModulesInternals())
                        .evaluate(withForeignUse)
                        .hasViolation())
                .isTrue();
    }

    private static ArchCondition<JavaClass> dependOnlyOnAllowedModules() {
        return crossModule(
                "depend only on the modules README \"Architecture\" allows",
                (from, to, target) ->
                        !Modules.ALLOWED.getOrDefault(from, Set.of()).contains(to));
    }

    private static ArchCondition<JavaClass> useNoOtherModulesInternals() {
        return crossModule(
                "use no other module's internal packages",
                (from, to, target) -> target.getPackageName().matches(".*\\.internal(\\..*)?"));
    }

    /** Refuses each dependency on another of our modules that {@code refused} says no to. */
    private static ArchCondition<JavaClass> crossModule(String description, CrossModuleCheck refused) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = Modules.of(origin);
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    String to = ours(target);
                    if (to != null && !to.equals(from) && refused.test(from, to, target)) {
                        events.add(SimpleConditionEvent.violated(d, from + " -> " + to + ": " + d.getDescription()));
                    }
                }
            }
        };
    }

    @FunctionalInterface
    private interface CrossModuleCheck {
        boolean test(String from, String to, JavaClass target);
    }

    /** The module of one of our classes, or {@code null} for a library class. */
    private static String ours(JavaClass target) {
        return target.getPackageName().startsWith("io.github.saasconnect") ? Modules.of(target) : null;
    }
}
