package io.github.saasconnect.testkit.vault;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test that speaks HTTP to its own {@link VaultTestServer}: a fresh server before each test, a {@link VaultHttp}
 * client sending its root token, and the server closed after the test. A test that needs other options (a clock,
 * more mounts, more tokens) overrides {@link #options()}.
 */
abstract class AbstractVaultServerTest {

    VaultTestServer server;

    VaultHttp http;

    /** The options each test's server starts with: the defaults unless the test says otherwise. */
    VaultTestServer.Options options() {
        return VaultTestServer.options();
    }

    @BeforeEach
    final void startServer() {
        this.server = VaultTestServer.start(options());
        this.http = new VaultHttp(this.server);
    }

    @AfterEach
    final void closeServer() {
        this.server.close();
    }
}
