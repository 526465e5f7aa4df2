package io.github.saasconnect.autoconfigure;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The one-shot import of existing grants at startup ({@code saas-connect.import.file}). */
@ConfigurationProperties("saas-connect.import")
public class SaasConnectImportProperties {

    /**
     * A JSON-lines file of grants to import when the application starts, one object per line: registration, owner,
     * refresh_token, and optionally access_token, expires_at, scope (space-separated) and issued_at (ISO-8601 instants).
     * Remove it (or the property) once imported: a second run skips what the first stored.
     */
    private @Nullable Path file;

    /** Whether each grant is verified by one refresh (a dead one is rejected, not kept). */
    private boolean verify = true;

    /** How many grants are imported at once. */
    private int concurrency = 4;

    public @Nullable Path getFile() {
        return file;
    }

    public void setFile(@Nullable Path file) {
        this.file = file;
    }

    public boolean isVerify() {
        return verify;
    }

    public void setVerify(boolean verify) {
        this.verify = verify;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }
}
