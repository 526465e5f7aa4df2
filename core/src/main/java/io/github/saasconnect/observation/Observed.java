package io.github.saasconnect.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Runs work as one of the {@link SaasConnectObservation}s: started when the work is subscribed (or called), stopped
 * once when it ends, fails or is cancelled. On a no-op registry the work runs as it is, with nothing allocated.
 *
 * <p>Handlers run on the thread that did the work and a failing one must not fail it: Micrometer lets a handler's
 * exception through, so it is caught here, logged (a warning the first time) and the work goes on unobserved.
 */
public final class Observed {

    private static final Logger log = LoggerFactory.getLogger(Observed.class);

    /** Where Reactor's context holds the current observation ({@code ObservationThreadLocalAccessor.KEY}). */
    static final String REACTOR_CONTEXT_KEY = "micrometer.observation";

    private static final String CANCELLED = Observed.class.getName() + ".cancelled";
    private static final AtomicBoolean warned = new AtomicBoolean();

    private Observed() {}

    /** {@code work} observed as {@code observation} of the context {@code context} makes. */
    public static <C extends Observation.Context, T> Mono<T> mono(
            Mono<T> work, SaasConnectObservation observation, ObservationRegistry registry, Supplier<C> context) {
        return mono(work, observation, registry, context, null);
    }

    /**
     * {@code work} observed as {@code observation}; {@code onValue} records what the value tells (a status, a
     * census) in the context before the observation stops.
     *
     * <p>The parent is the observation in the subscriber's Reactor context, else the current one of the subscribing
     * thread; the work sees this observation in its Reactor context, so what it observes (store operations, the
     * WebClient's request) nests under it.
     */
    public static <C extends Observation.Context, T> Mono<T> mono(
            Mono<T> work,
            SaasConnectObservation observation,
            ObservationRegistry registry,
            Supplier<C> context,
            BiConsumer<? super C, ? super T> onValue) {
        if (registry.isNoop()) {
            return work;
        }
        return Mono.deferContextual(reactor -> {
            C ctx = context.get();
            Observation started = start(observation
                    .observation(registry, ctx)
                    .parentObservation(reactor.getOrDefault(REACTOR_CONTEXT_KEY, registry.getCurrentObservation())));
            if (started == null) {
                return work;
            }
            AtomicBoolean ended = new AtomicBoolean();
            return work.doOnSuccess(value -> {
                        if (value != null && onValue != null) {
                            onValue.accept(ctx, value);
                        }
                        end(started, ended, null);
                    })
                    .doOnError(e -> end(started, ended, e))
                    .doOnCancel(() -> {
                        ctx.put(CANCELLED, Boolean.TRUE);
                        end(started, ended, null);
                    })
                    .contextWrite(c -> c.put(REACTOR_CONTEXT_KEY, started));
        });
    }

    /**
     * Blocking {@code work} observed as {@code observation}, in scope while it runs (its parent is the current
     * observation of this thread).
     */
    public static <C extends Observation.Context, T, E extends Exception> T call(
            Work<T, E> work,
            SaasConnectObservation observation,
            ObservationRegistry registry,
            Supplier<C> context,
            BiConsumer<? super C, ? super T> onValue)
            throws E {
        if (registry.isNoop()) {
            return work.run();
        }
        C ctx = context.get();
        Observation started = start(observation.observation(registry, ctx));
        if (started == null) {
            return work.run();
        }
        AtomicBoolean ended = new AtomicBoolean();
        Observation.Scope scope = guarded(started::openScope);
        try {
            T value = work.run();
            if (value != null && onValue != null) {
                onValue.accept(ctx, value);
            }
            close(scope);
            end(started, ended, null);
            return value;
        } catch (Exception | Error e) {
            close(scope);
            end(started, ended, e);
            throw e;
        }
    }

    /**
     * The observation in {@code caller}'s Reactor context, alone in a context of its own (empty when there is none):
     * for work subscribed apart from its caller, such as a refresh that callers share, to be observed under it.
     */
    public static Context parentContext(ContextView caller) {
        Object parent = caller.getOrDefault(REACTOR_CONTEXT_KEY, null);
        return parent == null ? Context.empty() : Context.of(REACTOR_CONTEXT_KEY, parent);
    }

    /** Whether the work observed with {@code context} was cancelled before it ended. */
    static boolean cancelled(Observation.Context context) {
        return context.containsKey(CANCELLED);
    }

    /** Work that may throw a checked exception, such as an HTTP exchange. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {

        T run() throws E;
    }

    private static Observation start(Observation observation) {
        return guarded(observation::start);
    }

    private static void end(Observation observation, AtomicBoolean ended, Throwable error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        guarded(() -> {
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
            return observation;
        });
    }

    private static void close(Observation.Scope scope) {
        if (scope != null) {
            guarded(() -> {
                scope.close();
                return scope;
            });
        }
    }

    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // the first failure is worth a warning with its stack trace; repeating it on every call would flood the log
            if (warned.compareAndSet(false, true)) {
                log.warn("an observation handler failed; this observation is dropped, the work goes on", e);
            } else {
                log.debug("an observation handler failed: {}", e.toString());
            }
            return null;
        }
    }
}
