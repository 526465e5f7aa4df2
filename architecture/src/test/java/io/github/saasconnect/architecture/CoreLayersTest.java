package io.github.saasconnect.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.github.saasconnect.connection.BackEdgeFixture;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.token.TokenManager;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Core's package layering as README "Architecture" writes it down: a package may use the packages of its own layer
 * and of the layers below, never one above, and no two packages depend on each other.
 */
class CoreLayersTest {

    private static final String ROOT = "io.github.saasconnect.";

    /** Bottom up. Keep in step with the table in README "Architecture". */
    private static final List<List<String>> LAYERS = List.of(
            List.of("model", "connection", "connection.internal", "failure", "event"),
            List.of("http", "http", "http.internal", "signing"),
            List.of("provider", "provider"),
            List.of("store", "store", "store.file", "store.crypto"),
            // what the layers above do is observed through it; it wraps the store for that
            List.of("observation", "observation"),
            List.of("protocol", "oauth2", "resilience"),
            List.of("token", "token"),
            List.of("connect", "connect"),
            List.of("client", "client"),
            List.of("job", "job", "job.internal"),
            List.of("keepalive", "keepalive"),
            // imports grants through the store and the token manager; nothing below depends on it
            List.of("importing", "importing"));

    private static final JavaClasses CORE = Modules.MAIN.that(Modules.in(Modules.CORE));

    @Test
    void everyCorePackageHasALayer() {
        Set<String> layered = LAYERS.stream()
                .flatMap(l -> l.stream().skip(1))
                .map(p -> ROOT + p)
                .collect(Collectors.toSet());
        Set<String> packages = CORE.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());

        assertThat(layered)
                .as("a new package must be placed in a layer (and in the README)")
                .containsExactlyInAnyOrderElementsOf(packages);
    }

    @Test
    void noPackageUsesALayerAboveIt() {
        layering().check(CORE);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        cycles().check(CORE);
    }

    @Test
    void aBackEdgeBreaksBothRules() {
        // a model class that reaches up into the token manager, which itself uses the model
        JavaClasses withBackEdge =
                new ClassFileImporter().importClasses(BackEdgeFixture.class, TokenManager.class, ConnectionId.class);

        assertThat(layering().evaluate(withBackEdge).getFailureReport().getDetails())
                .anyMatch(line ->
                        line.contains(BackEdgeFixture.class.getName()) && line.contains(TokenManager.class.getName()));
        assertThat(cycles().evaluate(withBackEdge).hasViolation()).isTrue();
    }

    private static LayeredArchitecture layering() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> layer : LAYERS) {
            rule = rule.layer(layer.get(0))
                    .definedBy(layer.stream().skip(1).map(p -> ROOT + p).toArray(String[]::new));
        }
        rule = rule.whereLayer(LAYERS.get(0).get(0)).mayNotAccessAnyLayer();
        for (int i = 1; i < LAYERS.size(); i++) {
            String[] below = LAYERS.subList(0, i).stream().map(l -> l.get(0)).toArray(String[]::new);
            rule = rule.whereLayer(LAYERS.get(i).get(0)).mayOnlyAccessLayers(below);
        }
        return rule;
    }

    private static ArchRule cycles() {
        return slices().matching(ROOT + "(**)").should().beFreeOfCycles();
    }
}
