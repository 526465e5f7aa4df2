package io.github.saasconnect.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} arguments of a benchmark harness, with defaults; a bare {@code --name} is a flag. */
final class HarnessOptions {

    private final Map<String, String> values = new HashMap<>();

    private HarnessOptions() {}

    static HarnessOptions parse(String[] args) {
        HarnessOptions options = new HarnessOptions();
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected --name=value or --name but got '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            if (equals < 0) {
                options.values.put(arg.substring(2), "true");
            } else {
                options.values.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
        }
        return options;
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    /** {@code --name} or {@code --name=true}; {@code false} when absent. */
    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }
}
