package io.github.saasconnect.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The parent pom's floor list (execution {@code enforce-dependency-floors}) fails a build whose dependency tree holds
 * a version below a floor and lets the floor version itself through. Maven runs offline on a throwaway project that
 * inherits the parent pom, so the list under test is the real one. The versions need not have been downloaded: the
 * rule reads the dependency graph, and offline Maven only warns about a POM it lacks.
 */
class DependencyFloorTest {

    private static final Path ROOT_POM =
            Path.of("").toAbsolutePath().getParent().resolve("pom.xml");

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
    private static MavenRun validate(String name, String... dependencies) throws IOException, InterruptedException {
        Path project = Path.of("target", "dependency-floor", name).toAbsolutePath();
        Files.createDirectories(project);
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
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>io.github.saasconnect</groupId>
                    <artifactId>saas-connect-parent</artifactId>
                    <version>%s</version>
                    <relativePath>%s</relativePath>
                  </parent>
                  <artifactId>dependency-floor-%s</artifactId>
                  <dependencies>
                %s  </dependencies>
                </project>
                """.formatted(
                        System.getProperty("saas-connect.version"), project.relativize(ROOT_POM), name, declared));
        List<String> command = new ArrayList<>(List.of(
                mvn(), "-o", "-B", "-ntp", "-f", project.resolve("pom.xml").toString(), "validate"));
        String repository = System.getProperty("saas-connect.maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        Path log = project.resolve("build.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("Maven did not finish within 3 minutes; see " + log);
        }
        return new MavenRun(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The Maven running this build, or the one on the PATH when run outside Maven (an IDE). */
    private static String mvn() {
        String home = System.getProperty("saas-connect.maven.home");
        return home == null || home.isBlank()
                ? "mvn"
                : Path.of(home, "bin", "mvn").toString();
    }

    private record MavenRun(int exitCode, String output) {}
}
