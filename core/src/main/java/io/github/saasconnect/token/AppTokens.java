package io.github.saasconnect.token;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.event.AppAccessRevokedEvent;
import io.github.saasconnect.event.AppConsentRequiredEvent;
import io.github.saasconnect.event.AppTokenMintedEvent;
import io.github.saasconnect.failure.AppAccessRevokedException;
import io.github.saasconnect.failure.AppConsentRequiredException;
import io.github.saasconnect.failure.ShuttingDownException;
import io.github.saasconnect.observation.Observed;
import io.github.saasconnect.observation.SaasConnectObservation;
import io.github.saasconnect.observation.TokenRequestContext;
import io.github.saasconnect.provider.AppTokenEndpoint;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.resilience.RefreshResilience;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import reactor.core.publisher.Mono;

/**
 * Mints the tokens of app connections through the registration's {@link io.github.saasconnect.provider.AppTokenMinter},
 * behind the same bulkhead, breaker and retry as refreshes, observed as {@link SaasConnectObservation#TOKEN_MINT}.
 * Unlike a refresh it reads and writes no store and takes no lease: there is no refresh token to lose, so every
 * instance mints its own tokens (each valid on its own), and a lost answer costs only a new mint.
 */
final class AppTokens {

    private static final Logger log = LoggerFactory.getLogger(AppTokens.class);

    private final AppTokenEndpoint endpoint;
    private final RefreshResilience resilience;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObservationRegistry observations;
    private final InFlightRefreshes inFlight;

    AppTokens(
            AppTokenEndpoint endpoint,
            RefreshResilience resilience,
            ApplicationEventPublisher events,
            Clock clock,
            ObservationRegistry observations,
            InFlightRefreshes inFlight) {
        this.endpoint = endpoint;
        this.resilience = resilience;
        this.events = events;
        this.clock = clock;
        this.observations = observations;
        this.inFlight = inFlight;
    }

    /** A newly minted token for the app connection {@code id}. */
    Mono<AccessToken> mint(ProviderRegistration registration, ConnectionId id) {
        return Mono.defer(() -> {
            if (!inFlight.tryStart()) {
                return Mono.error(new ShuttingDownException(registration.id(), id));
            }
            Mono<AccessToken> minted = Mono.defer(
                            () -> registration.descriptor().appTokenMinter().mint(registration, id, endpoint))
                    .map(tokens -> new AccessToken(
                            id,
                            tokens.accessToken(),
                            tokens.accessTokenExpiresAt(),
                            tokens.tokenType(),
                            tokens.scopes()));
            return Observed.mono(
                            resilience.decorate(registration.id(), id, minted),
                            SaasConnectObservation.TOKEN_MINT,
                            observations,
                            () -> new TokenRequestContext(
                                    TokenRequestContext.Grant.APP_TOKEN,
                                    registration.id(),
                                    registration.descriptor().type()))
                    .doOnNext(token -> {
                        log.debug("minted an app token for {}, expiring at {}", id, token.expiresAt());
                        events.publishEvent(new AppTokenMintedEvent(id, clock.instant(), token.expiresAt()));
                    })
                    .doOnError(AppAccessRevokedException.class, e -> {
                        log.info("{} is no longer granted by the provider ({})", OwnerIds.of(id), e.errorCode());
                        events.publishEvent(new AppAccessRevokedEvent(id, e.errorCode(), clock.instant()));
                    })
                    .doOnError(AppConsentRequiredException.class, e -> {
                        log.info("{} waits for consent at {}", id, e.consentUri());
                        events.publishEvent(new AppConsentRequiredEvent(id, e.consentUri(), clock.instant()));
                    })
                    .doFinally(signal -> inFlight.finished());
        });
    }
}
