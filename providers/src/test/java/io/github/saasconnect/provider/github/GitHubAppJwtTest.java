package io.github.saasconnect.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.signing.JwsSigner;
import io.github.saasconnect.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The app JWT is signed once per life, however many installation tokens ask for it at once. */
class GitHubAppJwtTest {

    private static final ConnectionId INSTALLATION = ConnectionId.app("gh-app", "1");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-04T10:00:00Z"));
    private final GatedSigner signer = new GatedSigner();
    private final GitHubAppJwt jwt = new GitHubAppJwt("gh-app", "12345", signer);

    @Test
    void callersWhoArriveWhileItIsBeingSignedShareTheOneSignature() {
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            jwt.sign(clock, INSTALLATION).map(Secret::reveal).subscribe(received::add);
        }
        assertThat(received).isEmpty();

        signer.release("jwt-1");

        assertThat(received).hasSize(32).containsOnly("jwt-1");
        assertThat(signer.calls).hasValue(1);
    }

    @Test
    void itIsReusedUntilAMinuteBeforeItExpiresThenSignedAgain() {
        signer.release("jwt-1");
        assertThat(jwt.sign(clock, INSTALLATION).block().reveal()).isEqualTo("jwt-1");

        clock.advance(GitHubAppJwt.LIFETIME.minus(GitHubAppJwt.REUSE_MARGIN).minusSeconds(1));
        assertThat(jwt.sign(clock, INSTALLATION).block().reveal()).isEqualTo("jwt-1");
        assertThat(signer.calls).hasValue(1);

        signer.next("jwt-2");
        clock.advance(Duration.ofSeconds(1));
        assertThat(jwt.sign(clock, INSTALLATION).block().reveal()).isEqualTo("jwt-2");
        assertThat(signer.calls).hasValue(2);
    }

    @Test
    void aFailedSignatureIsNotKeptTheNextCallerSignsAgain() {
        signer.fail(new IllegalStateException("key store down"));
        assertThatThrownBy(() -> jwt.sign(clock, INSTALLATION).block())
                .isInstanceOf(AppCredentialException.class)
                .hasMessageContaining("could not sign the GitHub App JWT of registration 'gh-app'");

        signer.next("jwt-2");
        assertThat(jwt.sign(clock, INSTALLATION).block().reveal()).isEqualTo("jwt-2");
        assertThat(signer.calls).hasValue(2);
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
