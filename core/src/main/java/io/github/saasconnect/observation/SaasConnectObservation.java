package io.github.saasconnect.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * Every observation SaaS Connect makes, with its keys. All keys are low cardinality, bounded by the configuration:
 * registration ids, provider types, store names, operations, outcomes and status classes. There are no high
 * cardinality keys on purpose: the only per-call identifiers are a connection's owner, tokens, codes and states,
 * none of which may reach a metric tag or a span attribute.
 *
 * <p>Each observation has a default convention, public so that it can be extended; register a
 * {@link io.micrometer.observation.GlobalObservationConvention} for the context type on the registry (a bean, in a
 * Spring Boot application) to replace it.
 */
public enum SaasConnectObservation implements ObservationDocumentation {

    /**
     * One refresh-token request to the provider's token endpoint, retries included: one per refresh, however many
     * callers share it. Not made for a token served from the cache.
     */
    TOKEN_REFRESH(DefaultTokenRequestObservationConvention.REFRESHES, TokenRequestKeys.values()),

    /**
     * One app-token request (client credentials, JWT bearer grant, GitHub App installation token), retries included:
     * one per mint, however many callers share it. Not made for a token served from the cache.
     */
    TOKEN_MINT(DefaultTokenRequestObservationConvention.MINTS, TokenRequestKeys.values()),

    /** One authorization-code exchange of the connect flow at the provider's token endpoint. */
    CODE_EXCHANGE(DefaultTokenRequestObservationConvention.EXCHANGES, TokenRequestKeys.values()),

    /** One operation on a token store (read, write, delete, list). */
    STORE_OPERATION(DefaultStoreOperationObservationConvention.INSTANCE, StoreOperationKeys.values()),

    /** One HTTP exchange of an authorized client with a provider's API (each retry after a 401 or rate limit too). */
    API_CALL(DefaultApiCallObservationConvention.INSTANCE, ApiCallKeys.values()),

    /**
     * A rate limit an authorized client met: the wait it sat out ({@code waited}), or none when the wait asked for
     * is beyond the configured bound and the call fails ({@code refused}).
     */
    RATE_LIMIT_WAIT(DefaultRateLimitWaitObservationConvention.INSTANCE, RateLimitWaitKeys.values()),

    /** The keep-alive sweep of one registration; its context carries the connection census the sweep took. */
    KEEP_ALIVE_SWEEP(DefaultKeepAliveSweepObservationConvention.INSTANCE, KeepAliveSweepKeys.values());

    private final ObservationConvention<? extends Observation.Context> defaultConvention;
    private final KeyName[] lowCardinalityKeyNames;

    SaasConnectObservation(
            ObservationConvention<? extends Observation.Context> defaultConvention, KeyName[] lowCardinalityKeyNames) {
        this.defaultConvention = defaultConvention;
        this.lowCardinalityKeyNames = lowCardinalityKeyNames;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
        return (Class<? extends ObservationConvention<? extends Observation.Context>>) defaultConvention.getClass();
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
        return lowCardinalityKeyNames.clone();
    }

    /** This observation of {@code context}, not started; {@link Observation#NOOP} on a no-op registry. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Observation observation(ObservationRegistry registry, Observation.Context context) {
        return observation(null, (ObservationConvention) defaultConvention, () -> context, registry);
    }

    /** Keys of {@link #TOKEN_REFRESH}, {@link #TOKEN_MINT} and {@link #CODE_EXCHANGE}. */
    public enum TokenRequestKeys implements KeyName {
        /** The registration id. */
        REGISTRATION("registration"),
        /** The registration's provider type ({@code github}, {@code oauth2} ...). */
        PROVIDER("provider"),
        /** How the request ended: a {@link TokenRequestOutcome}, such as {@code reauthorization_required}. */
        OUTCOME("outcome");

        private final String key;

        TokenRequestKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Keys of {@link #STORE_OPERATION}. */
    public enum StoreOperationKeys implements KeyName {
        /** The store's {@linkplain io.github.saasconnect.store.TokenStore#name() name} ({@code vault}, {@code file} ...). */
        STORE("store"),
        /** A {@link StoreOperation}, such as {@code write}. */
        OPERATION("operation"),
        /** A {@link StoreOutcome}, such as {@code conflict}. */
        OUTCOME("outcome");

        private final String key;

        StoreOperationKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Keys of {@link #API_CALL}. */
    public enum ApiCallKeys implements KeyName {
        /** The registration id. */
        REGISTRATION("registration"),
        /** The registration's provider type. */
        PROVIDER("provider"),
        /** The status class: {@code 2xx} ... {@code 5xx}, or {@code io_error} when no answer came. */
        STATUS("status");

        private final String key;

        ApiCallKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Keys of {@link #RATE_LIMIT_WAIT}. */
    public enum RateLimitWaitKeys implements KeyName {
        /** The registration id. */
        REGISTRATION("registration"),
        /** The registration's provider type. */
        PROVIDER("provider"),
        /** {@code waited}, or {@code refused} when the wait was beyond the bound. */
        OUTCOME("outcome");

        private final String key;

        RateLimitWaitKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Keys of {@link #KEEP_ALIVE_SWEEP}. */
    public enum KeepAliveSweepKeys implements KeyName {
        /** The registration swept. */
        REGISTRATION("registration"),
        /** The registration's provider type. */
        PROVIDER("provider");

        private final String key;

        KeepAliveSweepKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }
}
