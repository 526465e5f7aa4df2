package io.github.saasconnect.testkit.vault;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An ACL policy for a token: path patterns mapped to capabilities.
 * <p>
 * Patterns follow Vault's basic syntax: an exact path, a trailing {@code *} for "any suffix", and {@code +} for
 * exactly one path segment. When several patterns match, the longest one wins (an approximation of Vault's priority
 * rules). Paths are Vault paths without {@code /v1/}, for example {@code secret/data/app/token} or
 * {@code secret/metadata/app/} for a list.
 * <pre>{@code
 * VaultPolicy writer = VaultPolicy.named("writer")
 *     .allow("secret/data/app/*", Capability.CREATE, Capability.READ, Capability.UPDATE)
 *     .allow("secret/metadata/app/*", Capability.LIST, Capability.READ);
 * }</pre>
 *
 * @param name the policy name, reported by token lookups and logins
 * @param rules path pattern to capabilities, in declaration order
 */
public record VaultPolicy(String name, Map<String, Set<Capability>> rules) {

    private static final String ROOT = "root";

    public VaultPolicy {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(rules, "rules must not be null");
        if (ROOT.equals(name) && !rules.isEmpty()) {
            throw new IllegalArgumentException("the root policy allows everything and takes no rules");
        }
        Map<String, Set<Capability>> copy = new LinkedHashMap<>();
        rules.forEach((pattern, capabilities) -> copy.put(
                pattern,
                Collections.unmodifiableSet(
                        capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities))));
        rules = Collections.unmodifiableMap(copy);
    }

    /** The root policy: every capability on every path. */
    public static VaultPolicy root() {
        return new VaultPolicy(ROOT, Map.of());
    }

    /** An empty policy with the given name; add rules with {@link #allow}. */
    public static VaultPolicy named(String name) {
        return new VaultPolicy(name, Map.of());
    }

    /** A copy of this policy with one more rule; a later rule for the same pattern replaces the earlier one. */
    public VaultPolicy allow(String pathPattern, Capability... capabilities) {
        Objects.requireNonNull(pathPattern, "pathPattern must not be null");
        Map<String, Set<Capability>> copy = new LinkedHashMap<>(this.rules);
        copy.put(pathPattern, Set.of(capabilities));
        return new VaultPolicy(this.name, copy);
    }

    /** Whether this is the root policy; like Vault's, a policy named {@code root} allows everything. */
    public boolean isRoot() {
        return ROOT.equals(this.name);
    }

    /** Whether the policy grants {@code capability} on {@code path}. */
    public boolean allows(String path, Capability capability) {
        if (isRoot()) {
            return true;
        }
        String best = null;
        for (String pattern : this.rules.keySet()) {
            if (matches(pattern, path) && (best == null || pattern.length() > best.length())) {
                best = pattern;
            }
        }
        if (best == null) {
            return false;
        }
        Set<Capability> granted = this.rules.get(best);
        return !granted.contains(Capability.DENY) && granted.contains(capability);
    }

    private static boolean matches(String pattern, String path) {
        boolean glob = pattern.endsWith("*");
        String fixed = glob ? pattern.substring(0, pattern.length() - 1) : pattern;
        String[] patternSegments = fixed.split("/", -1);
        String[] pathSegments = path.split("/", -1);
        if (pathSegments.length < patternSegments.length || (!glob && pathSegments.length != patternSegments.length)) {
            return false;
        }
        for (int i = 0; i < patternSegments.length; i++) {
            boolean last = i == patternSegments.length - 1;
            String expected = patternSegments[i];
            String actual = pathSegments[i];
            if (expected.equals("+") && !(last && glob)) {
                continue;
            }
            if (last && glob) {
                if (!actual.startsWith(expected)) {
                    return false;
                }
            } else if (!expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }
}
