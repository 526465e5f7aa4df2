package io.github.saasconnect.testkit.sandbox.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Ordered, immutable scope sets and their wire forms. */
public final class Scopes {

    private Scopes() {}

    /** Splits on spaces and, when {@code allowCommas}, on commas too. */
    public static Set<String> parse(String value, boolean allowCommas) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        String pattern = allowCommas ? "[\\s,]+" : "\\s+";
        return copyOf(Arrays.stream(value.trim().split(pattern))
                .filter(scope -> !scope.isEmpty())
                .toList());
    }

    public static Set<String> copyOf(Collection<String> scopes) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    public static String join(Collection<String> scopes, String delimiter) {
        return String.join(delimiter, scopes);
    }

    public static Set<String> union(Collection<String> first, Collection<String> second) {
        Set<String> union = new LinkedHashSet<>(first);
        union.addAll(second);
        return Collections.unmodifiableSet(union);
    }

    public static Set<String> intersection(Collection<String> first, Collection<String> second) {
        Set<String> intersection = new LinkedHashSet<>(first);
        intersection.retainAll(second);
        return Collections.unmodifiableSet(intersection);
    }
}
