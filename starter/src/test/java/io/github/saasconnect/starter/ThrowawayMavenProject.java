package io.github.saasconnect.starter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A project under {@code target/} whose pom inherits this build's parent pom by relative path, validated by the Maven
 * running this build, offline. What the build checks at validate (dependency floors, publication metadata) is then
 * tested on the real parent pom.
 */
final class ThrowawayMavenProject {

    static final Path ROOT_POM = Path.of("").toAbsolutePath().getParent().resolve("pom.xml");

    private final Path directory;

    private ThrowawayMavenProject(Path directory) {
        this.directory = directory;
    }

    /** A fresh project directory {@code target/<group>/<name>}. */
    static ThrowawayMavenProject named(String group, String name) throws IOException {
        Path directory = Path.of("target", group, name).toAbsolutePath();
        Files.createDirectories(directory);
        return new ThrowawayMavenProject(directory);
    }

    /**
     * The {@code <parent>} element that inherits the parent pom of this build from this project's directory.
     */
    String parentElement() {
        return """
                  <parent>
                    <groupId>io.github.saasconnect</groupId>
                    <artifactId>saas-connect-parent</artifactId>
                    <version>%s</version>
                    <relativePath>%s</relativePath>
                  </parent>
                """.formatted(System.getProperty("saas-connect.version"), directory.relativize(ROOT_POM));
    }

    /** Writes {@code pom} as the project's pom.xml and runs {@code mvn -o validate} on it. */
    MavenRun validate(String pom) throws IOException, InterruptedException {
        Files.writeString(directory.resolve("pom.xml"), pom);
        List<String> command = new ArrayList<>(List.of(
                mvn(), "-o", "-B", "-ntp", "-f", directory.resolve("pom.xml").toString(), "validate"));
        String repository = System.getProperty("saas-connect.maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        Path log = directory.resolve("build.log");
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

    record MavenRun(int exitCode, String output) {}
}
