package io.github.saasconnect.testkit.vault;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fault injection for one {@link VaultTestServer}. Rules are tried in the order they were added; the first one
 * that matches a request and has strikes left decides its fate. Faults are checked after the path syntax and
 * before the seal, token and KV logic.
 * <pre>{@code
 * server.faults().failNext(2, 503);
 * server.faults().failWhen(RequestMatcher.path("secret/data/app/token"), Fault.rateLimited(Duration.ofSeconds(1)));
 * server.faults().dropConnectionAfterNextWrite();
 * }</pre>
 */
public final class Faults {

    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    Faults() {}

    /** Answers the next {@code count} requests with {@code status} (see {@link Fault#status(int)}). */
    public FaultRule failNext(int count, int status) {
        return failNext(count, Fault.status(status));
    }

    /** Applies {@code fault} to the next {@code count} requests, whatever they are. */
    public FaultRule failNext(int count, Fault fault) {
        return failNext(count, RequestMatcher.any(), fault);
    }

    /** Applies {@code fault} to the next {@code count} requests that match {@code when}. */
    public FaultRule failNext(int count, RequestMatcher when, Fault fault) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        return add(new FaultRule(
                Objects.requireNonNull(when, "when must not be null"),
                Objects.requireNonNull(fault, "fault must not be null"),
                count));
    }

    /** Applies {@code fault} to every request that matches {@code when}, until the rule is cancelled. */
    public FaultRule failWhen(RequestMatcher when, Fault fault) {
        return add(FaultRule.unlimited(
                Objects.requireNonNull(when, "when must not be null"),
                Objects.requireNonNull(fault, "fault must not be null")));
    }

    /**
     * Lets the next write request ({@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}) be handled, then
     * closes its connection without an answer: the write is applied but the client sees an I/O error.
     */
    public FaultRule dropConnectionAfterNextWrite() {
        return failNext(1, RequestMatcher.writes(), Fault.dropConnection());
    }

    /** Handles the next {@code count} requests normally but holds each answer back for {@code delay}. */
    public FaultRule delayNext(int count, Duration delay) {
        return failNext(count, Fault.delay(delay));
    }

    /** Removes every rule. */
    public void clear() {
        this.rules.clear();
    }

    private FaultRule add(FaultRule rule) {
        this.rules.add(rule);
        return rule;
    }

    /** The fault for this request, claiming one strike of its rule, or {@code null}. */
    Fault strike(String method, String path) {
        for (FaultRule rule : this.rules) {
            if (rule.tryStrike(method, path)) {
                if (rule.isSpent()) {
                    this.rules.remove(rule);
                }
                return rule.fault();
            }
        }
        return null;
    }
}
