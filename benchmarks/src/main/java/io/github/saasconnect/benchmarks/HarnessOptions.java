package io.github.saasconnect.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} arguments of a benchmark harness, with defaults. */
final class HarnessOptions {

    private final Map<String, String> values = new HashMap<>();

    private HarnessOptions() {}

    static HarnessOptions parse(String[] args) {
        HarnessOptions options = new HarnessOptions();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value but got '" + arg + "'");
            }
            options.values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }
}
