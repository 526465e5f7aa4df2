package io.github.saasconnect.token;

import io.github.saasconnect.observation.Observed;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs at most one piece of work per key at a time; callers that arrive meanwhile share its result.
 * The work runs to its end even when every caller cancels, so a refresh that reached the provider is
 * always persisted.
 */
final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, Mono<V>> flights = new ConcurrentHashMap<>();

    Mono<V> join(K key, Function<K, Mono<V>> work) {
        return Mono.deferContextual(caller -> {
            Mono<V> existing = flights.get(key);
            if (existing != null) {
                return existing;
            }
            Sinks.One<V> sink = Sinks.one();
            Mono<V> shared = sink.asMono();
            existing = flights.putIfAbsent(key, shared);
            if (existing != null) {
                return existing;
            }
            Mono<V> run;
            try {
                run = work.apply(key);
            } catch (RuntimeException e) {
                run = Mono.error(e);
            }
            run.subscribe(
                    value -> {
                        flights.remove(key, shared);
                        sink.tryEmitValue(value);
                    },
                    error -> {
                        flights.remove(key, shared);
                        sink.tryEmitError(error);
                    },
                    () -> {
                        flights.remove(key, shared);
                        sink.tryEmitEmpty();
                    },
                    // the work is observed as a child of the first caller's observation, if it has one
                    Observed.parentContext(caller));
            return shared;
        });
    }
}
