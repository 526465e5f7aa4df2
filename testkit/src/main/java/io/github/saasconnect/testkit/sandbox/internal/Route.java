package io.github.saasconnect.testkit.sandbox.internal;

import io.github.saasconnect.testkit.sandbox.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One endpoint of a sandbox: the methods it answers, a path template such as {@code /{tenant}/oauth2/v2.0/token}
 * (a {@code {name}} segment matches any one segment), the kind of endpoint for counting and faults, and its handler.
 *
 * @param methods HTTP methods answered
 * @param template path template
 * @param endpoint kind of endpoint
 * @param handler the handler
 */
public record Route(Set<String> methods, String template, Endpoint endpoint, RequestHandler handler) {

    public static Route get(String template, Endpoint endpoint, RequestHandler handler) {
        return new Route(Set.of("GET"), template, endpoint, handler);
    }

    public static Route post(String template, Endpoint endpoint, RequestHandler handler) {
        return new Route(Set.of("POST"), template, endpoint, handler);
    }

    /** The variables of {@code path} when it fits the template. */
    public Optional<Map<String, String>> match(String path) {
        String[] expected = segments(template);
        String[] actual = segments(path);
        if (expected.length != actual.length) {
            return Optional.empty();
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < expected.length; i++) {
            String segment = expected[i];
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return Optional.empty();
                }
                variables.put(segment.substring(1, segment.length() - 1), actual[i]);
            } else if (!segment.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(variables);
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
