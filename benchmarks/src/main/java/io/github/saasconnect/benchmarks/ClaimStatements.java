package io.github.saasconnect.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Counts the SQL statements a data source prepares on the job claims' table ({@code saas_connect_job_claim}): what
 * the database executes for claims, one statement per round trip.
 */
final class ClaimStatements {

    static final AtomicLong COUNT = new AtomicLong();
    private static final String TABLE = "saas_connect_job_claim";

    private ClaimStatements() {}

    /** {@code dataSource}, counting the claim statements prepared on its connections. */
    static DataSource counting(DataSource dataSource) {
        return proxy(
                DataSource.class,
                dataSource,
                (name, args, result) -> result instanceof Connection connection
                        ? proxy(Connection.class, connection, (n, a, r) -> {
                            if (n.startsWith("prepare")
                                    && a != null
                                    && a[0] instanceof String sql
                                    && sql.contains(TABLE)) {
                                COUNT.incrementAndGet();
                            }
                            return r;
                        })
                        : result);
    }

    private interface After {
        Object apply(String method, Object[] args, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            try {
                return after.apply(method.getName(), args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
