package io.github.saasconnect.testsupport;

import io.github.saasconnect.connection.AccessToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A stampede: {@code callers} threads released together by a barrier, each asking for a token once. */
public final class CallersReleasedTogether {

    private CallersReleasedTogether() {}

    /** The distinct token values the callers got. */
    public static Set<String> call(int callers, Callable<AccessToken> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CyclicBarrier start = new CyclicBarrier(callers);
            List<Future<AccessToken>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            Set<String> tokens = ConcurrentHashMap.newKeySet();
            for (Future<AccessToken> f : results) {
                tokens.add(f.get().value().reveal());
            }
            return tokens;
        } finally {
            pool.shutdownNow();
        }
    }
}
