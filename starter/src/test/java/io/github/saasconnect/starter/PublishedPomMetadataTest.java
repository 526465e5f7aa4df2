package io.github.saasconnect.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.starter.ThrowawayMavenProject.MavenRun;
import org.junit.jupiter.api.Test;

/**
 * The build refuses a published module whose POM lacks what Maven Central requires (execution
 * {@code published-pom-metadata}, declared in saas-connect-bom and inherited by every module): a name and description
 * of its own, and the url, license, scm, developers and issue management it inherits. A module that is not published
 * ({@code maven.deploy.skip}) is not checked.
 */
class PublishedPomMetadataTest {

    @Test
    void aPublishedModuleWithoutANameAndDescriptionOfItsOwnFailsTheBuild() throws Exception {
        ThrowawayMavenProject project = ThrowawayMavenProject.named("published-pom-metadata", "anonymous");

        MavenRun run = project.validate(pom(project, "anonymous", ""));

        assertThat(run.output())
                .contains("BUILD FAILURE")
                .contains("published-pom-metadata")
                .contains("A published module needs a name of its own")
                .contains("A published module needs a description of its own");
        assertThat(run.exitCode()).isNotZero();
    }

    @Test
    void aPublishedModuleWithItsOwnNameAndDescriptionInheritsTheRestAndPasses() throws Exception {
        ThrowawayMavenProject project = ThrowawayMavenProject.named("published-pom-metadata", "described");

        MavenRun run = project.validate(pom(project, "described", """
                  <name>Described</name>
                  <description>A module that says what it is.</description>
                """));

        assertThat(run.output()).contains("published-pom-metadata").contains("BUILD SUCCESS");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void anInheritedLicenseCannotBeDroppedSilently() throws Exception {
        ThrowawayMavenProject project = ThrowawayMavenProject.named("published-pom-metadata", "unlicensed");

        MavenRun run = project.validate(pom(project, "unlicensed", """
                  <name>Unlicensed</name>
                  <description>A module that replaces the license with a nameless one.</description>
                  <licenses><license><url>https://example.invalid/license</url></license></licenses>
                """));

        assertThat(run.output()).contains("BUILD FAILURE").contains("A published module needs a license");
        assertThat(run.exitCode()).isNotZero();
    }

    @Test
    void aModuleThatIsNotPublishedIsNotChecked() throws Exception {
        ThrowawayMavenProject project = ThrowawayMavenProject.named("published-pom-metadata", "unpublished");

        MavenRun run = project.validate(pom(project, "unpublished", """
                  <properties><maven.deploy.skip>true</maven.deploy.skip></properties>
                """));

        assertThat(run.output()).contains("Skipping Rule Enforcement").contains("BUILD SUCCESS");
        assertThat(run.exitCode()).isZero();
    }

    private static String pom(ThrowawayMavenProject project, String name, String elements) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                %s  <artifactId>metadata-%s</artifactId>
                %s</project>
                """.formatted(project.parentElement(), name, elements);
    }
}
