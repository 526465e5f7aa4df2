package io.github.saasconnect.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.signing.JwsSigner;
import io.github.saasconnect.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The app JWT is signed once per life, however many installation tokens ask for it at once, and signed anew when
 * GitHub refuses it.
 */
class GitHubAppJwtTest {

    private static final ConnectionId INSTALLATION = ConnectionId.app("gh-app", "1");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-04T10:00:00Z"));
    private final GatedSigner signer = new GatedSigner();
    private final GitHubAppJwt jwt = new GitHubAppJwt("gh-app", "12345", signer);
    private final FakeGitHub github = new FakeGitHub();

    @Test
    void callersWhoArriveWhileItIsBeingSignedShareTheOneSignature() {
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            jwt.sign(clock, INSTALLATION).map(GitHubAppJwtTest::reveal).subscribe(received::add);
        }
        assertThat(received).isEmpty();

        signer.release("jwt-1");

        assertThat(received).hasSize(32).containsOnly("jwt-1");
        assertThat(signer.calls).hasValue(1);
    }

    @Test
    void itIsReusedUntilAMinuteBeforeItExpiresThenSignedAgain() {
        signer.release("jwt-1");
        assertThat(reveal(jwt.sign(clock, INSTALLATION).block())).isEqualTo("jwt-1");

        clock.advance(GitHubAppJwt.LIFETIME.minus(GitHubAppJwt.REUSE_MARGIN).minusSeconds(1));
        assertThat(reveal(jwt.sign(clock, INSTALLATION).block())).isEqualTo("jwt-1");
        assertThat(signer.calls).hasValue(1);

        signer.next("jwt-2");
        clock.advance(Duration.ofSeconds(1));
        assertThat(reveal(jwt.sign(clock, INSTALLATION).block())).isEqualTo("jwt-2");
        assertThat(signer.calls).hasValue(2);
    }

    @Test
    void aFailedSignatureIsNotKeptTheNextCallerSignsAgain() {
        signer.fail(new IllegalStateException("key store down"));
        assertThatThrownBy(() -> jwt.sign(clock, INSTALLATION).block())
                .isInstanceOf(AppCredentialException.class)
                .hasMessageContaining("could not sign the GitHub App JWT of registration 'gh-app'");

        signer.next("jwt-2");
        assertThat(reveal(jwt.sign(clock, INSTALLATION).block())).isEqualTo("jwt-2");
        assertThat(signer.calls).hasValue(2);
    }

    @Test
    void theCallerThatSignsItIsToldItIsNewEveryLaterCallerThatItIsReused() {
        signer.release("jwt-1");

        assertThat(jwt.sign(clock, INSTALLATION).block().reused()).isFalse();
        assertThat(jwt.sign(clock, INSTALLATION).block().reused()).isTrue();
    }

    @Test
    void aReusedJwtGitHubRefusesIsSignedAgainAndTheRequestSentOnceMoreWithTheNewOne() {
        signer.release("jwt-1");
        assertThat(jwt.authenticated(clock, INSTALLATION, github::answer).block())
                .isEqualTo("token for jwt-1");
        github.refuse("jwt-1"); // the key rotated, or GitHub's clock passed the JWT's exp

        signer.next("jwt-2");
        assertThat(jwt.authenticated(clock, INSTALLATION, github::answer).block())
                .isEqualTo("token for jwt-2");
        assertThat(jwt.authenticated(clock, INSTALLATION, github::answer).block())
                .isEqualTo("token for jwt-2");

        assertThat(github.sent).containsExactly("jwt-1", "jwt-1", "jwt-2", "jwt-2");
        assertThat(signer.calls).hasValue(2);
    }

    @Test
    void aJwtSignedForThisCallThatGitHubRefusesIsNotSentAgainButDroppedForTheNextCaller() {
        github.refuse("jwt-1");
        signer.release("jwt-1");
        assertThatThrownBy(() ->
                        jwt.authenticated(clock, INSTALLATION, github::answer).block())
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("http_401"));
        assertThat(github.sent).containsExactly("jwt-1");

        github.refuse("jwt-2");
        signer.next("jwt-2");
        assertThatThrownBy(() ->
                        jwt.authenticated(clock, INSTALLATION, github::answer).block())
                .isInstanceOf(ClientMisconfiguredException.class);

        assertThat(github.sent)
                .as("misconfigured: one request per call, each with a JWT of its own")
                .containsExactly("jwt-1", "jwt-2");
        assertThat(signer.calls).hasValue(2);
    }

    @Test
    void anotherFailureOfTheRequestKeepsTheJwt() {
        signer.release("jwt-1");
        jwt.sign(clock, INSTALLATION).block();

        assertThatThrownBy(() -> jwt.authenticated(
                                clock, INSTALLATION, bearer -> Mono.error(new IllegalStateException("503")))
                        .block())
                .hasMessage("503");

        assertThat(reveal(jwt.sign(clock, INSTALLATION).block())).isEqualTo("jwt-1");
        assertThat(signer.calls).hasValue(1);
    }

    private static String reveal(GitHubAppJwt.AppJwt jwt) {
        return jwt.bearer().reveal();
    }

    /** GitHub's side of a request authenticated by the app JWT: refuses the JWTs it was told to, records each. */
    private static final class FakeGitHub {

        final List<String> sent = new ArrayList<>();
        private final Set<String> refused = new HashSet<>();

        Mono<String> answer(Secret bearer) {
            sent.add(bearer.reveal());
            return refused.contains(bearer.reveal())
                    ? Mono.error(GitHubAppJwt.refusal("gh-app", INSTALLATION))
                    : Mono.just("token for " + bearer.reveal());
        }

        void refuse(String jwt) {
            refused.add(jwt);
        }
    }

    /** A signer whose signatures complete when the test says, counting how often it is asked. */
    private static final class GatedSigner implements JwsSigner {

        final AtomicInteger calls = new AtomicInteger();
        private Sinks.One<String> pending = Sinks.one();

        @Override
        public JWSAlgorithm algorithm() {
            return JWSAlgorithm.RS256;
        }

        @Override
        public Mono<String> sign(JWSHeader header, JWTClaimsSet claims) {
            calls.incrementAndGet();
            return pending.asMono();
        }

        void release(String value) {
            pending.tryEmitValue(value);
        }

        void next(String value) {
            pending = Sinks.one();
            release(value);
        }

        void fail(RuntimeException e) {
            pending = Sinks.one();
            pending.tryEmitError(e);
        }
    }
}
