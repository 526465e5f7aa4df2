package io.github.saasconnect.autoconfigure.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Shows the callback's request to everything after it (Spring Security's and the {@code DispatcherServlet}'s DEBUG
 * request lines among them) with the {@code code} and {@code state} of its query string redacted; the parameters
 * themselves are unchanged, so the callback still reads them. Registered first in the filter chain.
 */
final class CallbackQueryRedactingFilter extends OncePerRequestFilter {

    private final CallbackQuery callbacks;

    CallbackQueryRedactingFilter(CallbackQuery callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !callbacks.isCallback(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public @Nullable String getQueryString() {
                        return CallbackQuery.redact(super.getQueryString());
                    }
                },
                response);
    }
}
