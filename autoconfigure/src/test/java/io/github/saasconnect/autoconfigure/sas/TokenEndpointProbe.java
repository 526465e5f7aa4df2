package io.github.saasconnect.autoconfigure.sas;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Servlet filter in front of the token endpoint that counts {@code POST} requests and can
 * delay them. It runs before Spring Security, so requests that fail client authentication
 * are counted and delayed too.
 */
final class TokenEndpointProbe extends OncePerRequestFilter {

    private final AtomicInteger requestCount = new AtomicInteger();

    private final AtomicReference<Duration> latency;

    TokenEndpointProbe(Duration latency) {
        this.latency = new AtomicReference<>(latency);
    }

    int requestCount() {
        return this.requestCount.get();
    }

    void resetRequestCount() {
        this.requestCount.set(0);
    }

    void latency(Duration latency) {
        this.latency.set(latency);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod())) {
            this.requestCount.incrementAndGet();
            delay();
        }
        chain.doFilter(request, response);
    }

    private void delay() throws ServletException {
        Duration delay = this.latency.get();
        if (delay.isZero()) {
            return;
        }
        try {
            // Simulates a slow provider inside the server thread; callers see it as latency.
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ServletException("Interrupted while delaying the token response", ex);
        }
    }
}
