package io.github.saasconnect;

import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.emptyBody;
import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.formBody;
import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.htmlPage;
import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.oauth2.PkceChallenge;
import io.github.saasconnect.testsupport.Await;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.ScriptedTokenEndpoint;
import io.github.saasconnect.testsupport.ScriptedTokenEndpoint.Fault;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * With everything logging at DEBUG (our code, Spring's WebClient, Reactor Netty), no log line, no exception and
 * no {@code toString()} of a model object carries a token, the client secret, an authorization code or a PKCE
 * verifier, whatever happens: refresh, invalid_grant, every fault, code exchange, revocation, pending writes.
 */
class SecretsNeverLeakTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> DEBUG_LOGGERS =
            List.of(Logger.ROOT_LOGGER_NAME, "io.github.saasconnect", "org.springframework", "reactor.netty");

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final ScriptedTokenEndpoint endpoint = fixture.endpoint;
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<String, Level> levelsBefore = new LinkedHashMap<>();
    private final Set<String> extraSecrets = new LinkedHashSet<>();
    private final List<Object> inspected = new ArrayList<>();

    @BeforeEach
    void logEverythingAtDebug() {
        for (String name : DEBUG_LOGGERS) {
            Logger logger = logging.getLogger(name);
            levelsBefore.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        appender.setContext(logging);
        appender.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        extraSecrets.add(TokenManagerFixture.CLIENT_SECRET);
        extraSecrets.add(Base64.getEncoder()
                .encodeToString((TokenManagerFixture.CLIENT_ID + ":" + TokenManagerFixture.CLIENT_SECRET)
                        .getBytes(StandardCharsets.UTF_8)));
        inspected.add(fixture.registration());
    }

    @AfterEach
    void restoreLogging() {
        logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        levelsBefore.forEach((name, level) -> logging.getLogger(name).setLevel(level));
        fixture.close();
    }

    @Test
    void refreshesLeakNothing() {
        // Given
        ConnectionId id = seed();
        TokenManager manager = fixture.manager();

        // When
        inspected.add(manager.accessToken(id).block(WAIT));
        fixture.clock.advance(Duration.ofHours(1));
        inspected.add(manager.accessToken(id).block(WAIT));

        // Then
        assertNothingLeaks(id);
    }

    @Test
    void invalidGrantLeaksNothing() {
        // Given
        ConnectionId id = seed();
        endpoint.revokeAll();
        TokenManager manager = fixture.manager();

        // When
        inspected.add(failureOf(manager.accessToken(id)));
        inspected.add(failureOf(manager.accessToken(id)));

        // Then
        assertNothingLeaks(id);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("HTML 500", htmlPage(500)),
                Arguments.of("503 without body", emptyBody(503)),
                Arguments.of("malformed JSON", jsonBody(200, "{\"access_token\":")),
                Arguments.of("429", jsonBody(429, "{\"error\":\"slow_down\"}", Map.of("Retry-After", "0"))),
                Arguments.of(
                        "invalid_client",
                        jsonBody(
                                401,
                                "{\"error\":\"invalid_client\",\"error_description\":"
                                        + "\"Client authentication failed\"}")),
                Arguments.of(
                        "error with HTTP 200",
                        formBody(
                                200,
                                "error=bad_refresh_token&error_description=The+"
                                        + "refresh+token+passed+is+incorrect+or+expired.")),
                Arguments.of("temporarily_unavailable", jsonBody(503, "{\"error\":\"temporarily_unavailable\"}")),
                Arguments.of("reset", new ScriptedTokenEndpoint.Reset()),
                Arguments.of("hang", new ScriptedTokenEndpoint.Hang()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyFaultLeaksNothing(String name, Fault fault) {
        // Given a fault on every attempt
        fixture.timeout = Duration.ofMillis(300);
        ConnectionId id = seed();
        endpoint.enqueue(fault, fault, fault);
        TokenManager manager = fixture.manager();

        // When
        inspected.add(failureOf(manager.accessToken(id)));

        // Then
        assertNothingLeaks(id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyFaultOnAClientWithoutStrictRotationLeaksNothing(String name, Fault fault) {
        // Given
        fixture.timeout = Duration.ofMillis(300);
        fixture.options = Map.of("rotation", "none");
        ConnectionId id = seed();
        endpoint.enqueue(fault, fault, fault);
        TokenManager manager = fixture.manager();

        // When
        inspected.add(failureOf(manager.accessToken(id)));

        // Then
        assertNothingLeaks(id);
    }

    @Test
    void providerEchoingTheRefreshTokenInItsErrorLeaksNothing() {
        // Given a provider that quotes the refresh token it rejects
        ConnectionId id = seed();
        String refreshToken = fixture.stored(id).refreshToken().reveal();
        endpoint.enqueue(jsonBody(
                400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token " + refreshToken
                        + " is invalid\",\"refresh_token\":\"" + refreshToken + "\"}"));
        TokenManager manager = fixture.manager();

        // When
        inspected.add(failureOf(manager.accessToken(id)));

        // Then
        assertNothingLeaks(id);
    }

    @Test
    void codeExchangeWithAPkceVerifierLeaksNothing() {
        // Given
        String code = "code-" + UUID.randomUUID();
        PkceChallenge pkce = PkceChallenge.generate(new SecureRandom());
        extraSecrets.add(code);
        extraSecrets.add(pkce.verifier().reveal());
        inspected.add(pkce);
        ConnectionId id = ConnectionId.of(TokenManagerFixture.REGISTRATION, "alice");

        // When
        TokenSet tokens = fixture.client()
                .exchangeAuthorizationCode(
                        fixture.registration(), id, code, pkce.verifier(), URI.create("http://127.0.0.1/callback"))
                .block(WAIT);
        inspected.add(tokens);

        // Then
        assertThat(endpoint.lastForm())
                .containsEntry("code_verifier", pkce.verifier().reveal());
        assertNothingLeaks(id);
    }

    @Test
    void failedCodeExchangeLeaksNothing() {
        // Given a provider that echoes the code it rejects
        String code = "code-" + UUID.randomUUID();
        PkceChallenge pkce = PkceChallenge.generate(new SecureRandom());
        extraSecrets.add(code);
        extraSecrets.add(pkce.verifier().reveal());
        endpoint.enqueue(jsonBody(
                400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"authorization code " + code
                        + " was already used\"}"));
        ConnectionId id = ConnectionId.of(TokenManagerFixture.REGISTRATION, "alice");

        // When
        inspected.add(failureOf(fixture.client()
                .exchangeAuthorizationCode(
                        fixture.registration(), id, code, pkce.verifier(), URI.create("http://127.0.0.1/callback"))));

        // Then
        assertNothingLeaks(id);
    }

    @Test
    void revocationLeaksNothing() {
        // Given
        ConnectionId id = seed();

        // When
        fixture.client()
                .revoke(fixture.registration(), id, fixture.stored(id).refreshToken(), "refresh_token")
                .block(WAIT);

        // Then
        assertThat(endpoint.revocations()).hasSize(1);
        assertNothingLeaks(id);
    }

    @Test
    void pendingWritesLeakNothing() {
        // Given a store that refuses the result writes for a while
        FlakyTokenStore store = new FlakyTokenStore(fixture.store);
        fixture.store = store;
        ConnectionId id = seed();
        TokenManager manager = fixture.manager();
        store.refuseResultWrites(true);

        // When
        inspected.add(manager.accessToken(id).block(WAIT));
        store.refuseResultWrites(false);
        Await.until("the pending token set is written", WAIT, () -> manager.pendingWrites() == 0);

        // Then
        assertNothingLeaks(id);
    }

    private ConnectionId seed() {
        ConnectionId id = fixture.seedExpired("alice");
        extraSecrets.add(fixture.stored(id).accessToken().reveal());
        return id;
    }

    private void assertNothingLeaks(ConnectionId id) {
        Set<String> secrets = new LinkedHashSet<>(extraSecrets);
        secrets.addAll(endpoint.issuedTokens());
        for (String s : List.copyOf(secrets)) {
            secrets.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        fixture.store.read(id).blockOptional().ifPresent(stored -> inspected.add(stored.record()));
        inspected.addAll(fixture.events);

        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        assertThat(events)
                .as("DEBUG logging of Spring and Reactor Netty is on")
                .anyMatch(e -> e.getLoggerName().startsWith("reactor.netty") && e.getLevel() == Level.DEBUG);
        for (ILoggingEvent event : events) {
            String line = event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getArgumentArray() == null ? "" : " " + List.of(event.getArgumentArray()))
                    + throwableText(event.getThrowableProxy());
            assertNoSecretIn("log line", line, secrets);
        }
        for (Object o : inspected) {
            String text = o instanceof Throwable t ? chainText(t) : String.valueOf(o);
            assertNoSecretIn(o.getClass().getSimpleName(), text, secrets);
        }
    }

    private static void assertNoSecretIn(String what, String text, Set<String> secrets) {
        for (String secret : secrets) {
            assertThat(text).as("%s must not contain a secret", what).doesNotContain(secret);
        }
    }

    private static String throwableText(IThrowableProxy t) {
        if (t == null) {
            return "";
        }
        StringBuilder sb =
                new StringBuilder(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        sb.append(throwableText(t.getCause()));
        for (IThrowableProxy s : t.getSuppressed()) {
            sb.append(throwableText(s));
        }
        return sb.toString();
    }

    private static String chainText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(" | ")
                    .append(c)
                    .append(" ")
                    .append(c.getMessage())
                    .append(" ")
                    .append(c.getLocalizedMessage());
            for (Throwable s : c.getSuppressed()) {
                sb.append(chainText(s));
            }
        }
        return sb.toString();
    }

    private static Throwable failureOf(Mono<?> call) {
        Throwable[] failure = new Throwable[1];
        Object value = call.onErrorResume(e -> {
                    failure[0] = e;
                    return Mono.empty();
                })
                .block(WAIT);
        assertThat(value).as("expected a failure, got a value").isNull();
        assertThat(failure[0]).as("expected a failure").isNotNull();
        return failure[0];
    }
}
