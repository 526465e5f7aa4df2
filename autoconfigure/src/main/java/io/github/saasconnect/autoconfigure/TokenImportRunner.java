package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.importing.ImportOptions;
import io.github.saasconnect.importing.ImportOutcome;
import io.github.saasconnect.importing.ImportReport;
import io.github.saasconnect.importing.TokenImport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Imports the grants of {@code saas-connect.import.file} once the application has started, then logs the report:
 * counts, and each grant not imported with the reason (connection ids, never a token). The application runs on
 * whatever the outcome; the report is also kept for whoever wants it ({@link #report()}).
 */
public final class TokenImportRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TokenImportRunner.class);
    private static final Duration TIMEOUT = Duration.ofHours(1);

    private final TokenImport tokenImport;
    private final Path file;
    private final ImportOptions options;
    private volatile ImportReport report;

    TokenImportRunner(TokenImport tokenImport, Path file, ImportOptions options) {
        this.tokenImport = tokenImport;
        this.file = file;
        this.options = options;
    }

    @Override
    public void run(ApplicationArguments args) {
        JsonLinesGrants.Parsed parsed;
        try {
            parsed = JsonLinesGrants.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "saas-connect.import.file: cannot read " + file.toAbsolutePath() + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
        parsed.invalid().forEach(problem -> log.warn("Token import: {} in {} is not a grant; skipped", problem, file));
        ImportReport done = tokenImport.importAll(parsed.grants(), options).block(TIMEOUT);
        for (ImportOutcome outcome : done.outcomes()) {
            if (outcome.result() != ImportOutcome.Result.IMPORTED) {
                log.warn("Token import: {} {}: {}", outcome.connection(), outcome.result(), outcome.detail());
            }
        }
        log.info(
                "Token import from {}: {}{}",
                file,
                done,
                parsed.invalid().isEmpty() ? "" : "; " + parsed.invalid().size() + " invalid line(s)");
        report = done;
    }

    /** The report of the import, once it ran. */
    public ImportReport report() {
        return report;
    }
}
