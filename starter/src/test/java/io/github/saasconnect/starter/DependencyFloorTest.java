package io.github.saasconnect.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.starter.ThrowawayMavenProject.MavenRun;
import org.junit.jupiter.api.Test;

/**
 * The parent pom's floor list (execution {@code enforce-dependency-floors}) fails a build whose dependency tree holds
 * a version below a floor and lets the floor version itself through. Maven runs offline on a throwaway project that
 * inherits the parent pom, so the list under test is the real one (it is not published: the metadata check is
 * {@link PublishedPomMetadataTest}'s). The versions need not have been downloaded: the
 * rule reads the dependency graph, and offline Maven only warns about a POM it lacks.
 */
class DependencyFloorTest {

    @Test
    void aVersionBelowAFloorFailsTheBuildNamingTheBannedArtifacts() throws Exception {
        MavenRun run = validate(
                "below-floor",
                "io.netty:netty-handler:4.2.16.Final",
                "org.apache.tomcat.embed:tomcat-embed-core:11.0.22");

        assertThat(run.output())
                .contains("BUILD FAILURE")
                .contains("enforce-dependency-floors")
                .contains("io.netty:netty-handler:jar:4.2.16.Final <--- banned")
                .contains("org.apache.tomcat.embed:tomcat-embed-core:jar:11.0.22 <--- banned")
                .contains("security floor list");
        assertThat(run.exitCode()).isNotZero();
    }

    @Test
    void theFloorVersionsThemselvesPass() throws Exception {
        MavenRun run = validate(
                "at-floor", "io.netty:netty-handler:4.2.17.Final", "org.apache.tomcat.embed:tomcat-embed-core:11.0.23");

        assertThat(run.output()).contains("BannedDependencies passed").contains("BUILD SUCCESS");
        assertThat(run.exitCode()).isZero();
    }

    /** Runs {@code mvn -o validate} on a project that inherits the parent pom and declares {@code dependencies}. */
    private static MavenRun validate(String name, String... dependencies) throws Exception {
        ThrowawayMavenProject project = ThrowawayMavenProject.named("dependency-floor", name);
        StringBuilder declared = new StringBuilder();
        for (String coordinates : dependencies) {
            String[] gav = coordinates.split(":");
            declared.append("    <dependency><groupId>")
                    .append(gav[0])
                    .append("</groupId><artifactId>")
                    .append(gav[1])
                    .append("</artifactId><version>")
                    .append(gav[2])
                    .append("</version></dependency>\n");
        }
        return project.validate("""
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                %s  <artifactId>dependency-floor-%s</artifactId>
                  <properties><maven.deploy.skip>true</maven.deploy.skip></properties>
                  <dependencies>
                %s  </dependencies>
                </project>
                """.formatted(project.parentElement(), name, declared));
    }
}
