package io.github.saasconnect.multiinstance;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.testkit.vault.Fault;
import io.github.saasconnect.testkit.vault.RequestMatcher;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Everything logged at DEBUG (Spring Vault's request lines included) around refreshes, lost answers, a sealed
 * Vault and pending writes: no token ever appears, and no Vault path shows an owner id.
 */
class VaultStoreLoggingTest {

    private final SharedVault shared = new SharedVault();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final List<Logger> debugged = new ArrayList<>();

    @AfterEach
    void close() {
        debugged.forEach(l -> {
            l.detachAppender(events);
            l.setLevel(null);
        });
        shared.close();
    }

    @Test
    void noTokenIsEverLoggedAndVaultPathsNeverShowTheOwner() throws Exception {
        for (String name : List.of("org.springframework.vault", "io.github.saasconnect", "reactor.netty.http")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.setLevel(Level.DEBUG);
            logger.addAppender(events);
            debugged.add(logger);
        }
        events.start();
        TokenManager a = shared.instance("a");
        ConnectionId id = shared.fixture.seedExpired("owner.with.a.distinctive.id@example.com");
        List<String> secrets = new ArrayList<>();
        ConnectionRecord seeded = shared.fixture.stored(id);
        secrets.add(seeded.refreshToken().reveal());
        secrets.add(seeded.accessToken().reveal());

        for (int cycle = 0; cycle < 2; cycle++) {
            shared.fixture.clock.advance(Duration.ofHours(1));
            if (cycle == 1) {
                shared.vault.faults().failNext(1, RequestMatcher.writes(), Fault.dropConnection());
            }
            secrets.add(a.blocking().accessToken(id).value().reveal());
            secrets.add(shared.fixture.stored(id).refreshToken().reveal());
        }
        // Sealed between the lease and the result: the new tokens wait as pending, then land.
        shared.fixture.clock.advance(Duration.ofHours(1));
        shared.fixture.endpoint.latency(Duration.ofMillis(300));
        shared.vault.clearRequests();
        CompletableFuture<AccessToken> refreshing = a.accessToken(id).toFuture();
        shared.vault.awaitRequest(r -> r.method().equals("POST") && r.status() == 200, Duration.ofSeconds(10));
        shared.vault.seal();
        secrets.add(refreshing.get(10, TimeUnit.SECONDS).value().reveal());
        shared.vault.unseal();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (a.pendingWrites() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(a.pendingWrites()).isZero();
        secrets.add(shared.fixture.stored(id).refreshToken().reveal());

        List<String> lines = events.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("secret/data/saas-connect/connections/acme/"));
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
            if (line.contains("secret/data/") || line.contains("secret/metadata/")) {
                assertThat(line).doesNotContain("owner.with.a.distinctive.id@example.com");
            }
        }
    }
}
