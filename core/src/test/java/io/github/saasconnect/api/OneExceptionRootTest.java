package io.github.saasconnect.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.client.PageLimitExceededException;
import io.github.saasconnect.connect.ConnectFailure;
import io.github.saasconnect.connect.ConnectFlowException;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.file.FileStoreLockedException;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every failure a user can catch is a {@link SaasConnectException} whose kind says who must act. */
class OneExceptionRootTest {

    private static final ConnectionId ALICE = new ConnectionId("github", "alice");

    @ParameterizedTest
    @EnumSource(
            value = ConnectFailure.class,
            names = {
                "UNKNOWN_REGISTRATION",
                "INVALID_RETURN_TO",
                "STATE_MISSING",
                "STATE_UNKNOWN",
                "STATE_EXPIRED",
                "STATE_REGISTRATION_MISMATCH",
                "STATE_OWNER_MISMATCH",
                "ACCESS_DENIED",
                "PROVIDER_ERROR",
                "CODE_MISSING"
            })
    void aRefusedConnectRequestIsRequestRejected(ConnectFailure failure) {
        assertThat(refusal(failure, null).kind()).isEqualTo(FailureKind.REQUEST_REJECTED);
    }

    @Test
    void aConnectRefusedForTheClientNeedsAnAdministrator() {
        assertThat(refusal(ConnectFailure.CLIENT_MISCONFIGURED, null).kind())
                .isEqualTo(FailureKind.CLIENT_MISCONFIGURED);
        assertThat(refusal(ConnectFailure.NO_REDIRECT_URI, null).kind()).isEqualTo(FailureKind.CLIENT_MISCONFIGURED);
    }

    @Test
    void aFailedExchangeTakesItsCausesKind() {
        TransientFailureException down = new TransientFailureException("github", ALICE, 503, "provider down", null);

        assertThat(refusal(ConnectFailure.EXCHANGE_FAILED, down).kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(refusal(ConnectFailure.EXCHANGE_FAILED, new IllegalStateException("?"))
                        .kind())
                .isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void everyConnectFailureHasAKindAndKeepsItsRegistrationAndConnection() {
        for (ConnectFailure failure : EnumSet.allOf(ConnectFailure.class)) {
            ConnectFlowException e = refusal(failure, null);
            assertThat(e.kind()).as(failure.name()).isNotNull();
            assertThat(e.registration()).isEqualTo("github");
            assertThat(e.connection()).isEqualTo(ALICE);
        }
    }

    @Test
    void aLostCompareAndSetIsAConflictWithoutAStackTrace() {
        StaleVersionException e = new StaleVersionException(ALICE, 7);

        assertThat(e).isInstanceOf(SaasConnectException.class);
        assertThat(e.kind()).isEqualTo(FailureKind.CONFLICT);
        assertThat(e.registration()).isEqualTo("github");
        assertThat(e.connection()).isEqualTo(ALICE);
        assertThat(e.expectedVersion()).isEqualTo(7);
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void aPageLimitIsARejectedRequestOfItsRegistration() {
        PageLimitExceededException e = new PageLimitExceededException("github", "stopped after 100 pages");

        assertThat(e.kind()).isEqualTo(FailureKind.REQUEST_REJECTED);
        assertThat(e.registration()).isEqualTo("github");
        assertThat(e.connection()).isNull();
    }

    @Test
    void aLockedFileStoreIsAnUnavailableStoreOfNoRegistration(@org.junit.jupiter.api.io.TempDir Path dir) {
        FileStoreLockedException e = new FileStoreLockedException(dir, "process 42");

        assertThat(e.kind()).isEqualTo(FailureKind.STORE_UNAVAILABLE);
        assertThat(e.registration()).isNull();
        assertThat(e.getMessage()).contains("process 42");
    }

    @Test
    void theNewKindsAreNeitherRetriedNorCountedByTheBreaker() {
        for (FailureKind kind : EnumSet.of(FailureKind.REQUEST_REJECTED, FailureKind.CONFLICT)) {
            assertThat(kind.retried()).as(kind.name()).isFalse();
            assertThat(kind.countedByBreaker()).as(kind.name()).isFalse();
        }
    }

    private static ConnectFlowException refusal(ConnectFailure failure, Throwable cause) {
        return new ConnectFlowException(failure, "github", ALICE, null, "refused", cause);
    }
}
