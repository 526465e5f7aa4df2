package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.provider.ProviderType;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Checks the keys under {@code saas-connect.providers.<id>} against what a registration and its provider type read.
 * Boot's binder drops keys that no property takes, so without this check an option beside the common settings
 * instead of under {@code options} (Microsoft's {@code authority-host}), a typo, or an option of another provider
 * type would be ignored without a word. Every failure names the property and where it belongs.
 */
final class RegistrationKeys {

    static final String PREFIX = "saas-connect.providers";
    private static final String OPTIONS = "options";
    /**
     * The provider options that 0.1 took beside the common settings ({@code saas-connect.providers.ms.tenant}); still
     * read there, with a warning naming the key under {@code options}. Newer options are read under
     * {@code options} only.
     */
    static final Set<String> LEGACY_SHORTCUTS = Set.of(
            "tenant",
            "cloud",
            "app-type",
            "web-base-url",
            "api-base-url",
            "environment",
            "account-id",
            "extended-scope",
            "publishing-status",
            "rotation");

    private final Map<String, ProviderType> types;
    /** Provider options that may also be set beside the common settings ({@code tenant}, {@code environment} ...). */
    private final Set<String> shortcuts;
    /** What every registration takes beside {@code options}; the 0.1 shortcuts are not offered, their place is under options. */
    private final Set<String> common;

    RegistrationKeys(Map<String, ProviderType> types) {
        this.types = types;
        this.shortcuts = new TreeSet<>(LEGACY_SHORTCUTS);
        Set<String> properties = new TreeSet<>();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(SaasConnectProperties.Provider.class)) {
            if (property.getWriteMethod() != null) {
                properties.add(DataObjectPropertyName.toDashedForm(property.getName()));
            }
        }
        this.common = properties;
    }

    /**
     * The settings under {@code saas-connect.providers} that binding does not read, by registration id.
     * Environment variables are left out, as Boot leaves them out of its own unknown-key check: their names lose
     * the dashes, so which setting one meant can't be told.
     */
    static Map<String, List<ConfigurationProperty>> unread(Environment environment) {
        BindHandler handler = new NoUnboundElementsBindHandler(
                BindHandler.DEFAULT,
                source -> !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource));
        try {
            Binder.get(environment)
                    .bind(PREFIX, Bindable.mapOf(String.class, SaasConnectProperties.Provider.class), handler);
            return Map.of();
        } catch (BindException e) {
            if (!(e.getCause() instanceof UnboundConfigurationPropertiesException unbound)) {
                throw e;
            }
            Map<String, List<ConfigurationProperty>> byId = new LinkedHashMap<>();
            for (ConfigurationProperty property : unbound.getUnboundProperties()) {
                if (isLegacyShortcut(property.getName())) {
                    continue;
                }
                byId.computeIfAbsent(property.getName().getElement(2, Form.ORIGINAL), id -> new ArrayList<>())
                        .add(property);
            }
            return byId;
        }
    }

    /**
     * The {@link #LEGACY_SHORTCUTS} set beside the common settings of registrations {@code ids}, from any property
     * source (environment variables included), by registration id and option name.
     */
    static Map<String, Map<String, String>> legacyOptions(Environment environment, Collection<String> ids) {
        Binder binder = Binder.get(environment);
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        for (String id : ids) {
            for (String name : new TreeSet<>(LEGACY_SHORTCUTS)) {
                String property = setting(id, name);
                if (ConfigurationPropertyName.isValid(property)) {
                    binder.bind(property, String.class)
                            .ifBound(value -> byId.computeIfAbsent(id, i -> new LinkedHashMap<>())
                                    .put(name, value));
                }
            }
        }
        return byId;
    }

    private static boolean isLegacyShortcut(ConfigurationPropertyName name) {
        return name.getNumberOfElements() == 4 && LEGACY_SHORTCUTS.contains(name.getElement(3, Form.DASHED));
    }

    /**
     * Fails on the first of {@code unread}, settings of registration {@code id} that binding did not read.
     *
     * @param type the registration's provider type, or {@code null} when it is missing or unknown
     */
    void requireNoneUnread(String id, ProviderType type, List<ConfigurationProperty> unread) {
        if (unread.isEmpty()) {
            return;
        }
        ConfigurationPropertyName name = unread.get(0).getName();
        String property = name.toString();
        String key = name.getNumberOfElements() > 3 ? name.getElement(3, Form.DASHED) : "";
        String where = where(unread.get(0).getOrigin());
        String problem = "not a setting of a registration" + where;
        if (matchIgnoringDashes(common, key)
                .or(() -> matchIgnoringDashes(shortcuts, key))
                .isPresent()) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    "'" + key + "' takes a value, not settings " + "below it" + where,
                    "Check the indentation: the keys below '" + key + "' probably belong " + "beside it");
        }
        Optional<String> misplaced = type == null ? Optional.empty() : matchIgnoringDashes(optionNames(type), key);
        if (misplaced.isPresent()) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    problem,
                    "Move it to "
                            + option(id, misplaced.get()) + ": '" + misplaced.get()
                            + "' is an option of provider type '"
                            + type.name() + "', and options go under " + setting(id, OPTIONS));
        }
        List<String> owners = typesTaking(key, type);
        if (!owners.isEmpty()) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    problem,
                    "'" + key + "' is an option of "
                            + "provider type " + names(owners)
                            + (type == null
                                    ? "; in a registration of that type, set it as " + option(id, key)
                                    : ", not of '" + type.name() + "'; remove it, or fix " + setting(id, "type")));
        }
        Map<String, String> candidates = new LinkedHashMap<>();
        common.forEach(setting -> candidates.put(setting, setting));
        if (type != null) {
            optionNames(type).forEach(o -> candidates.putIfAbsent(o, OPTIONS + "." + o));
        }
        String rest = property.substring(name.chop(4).toString().length());
        String didYouMean = ClosestName.to(key, candidates.keySet())
                .map(near -> "Did you mean " + setting(id, candidates.get(near)) + rest + "? ")
                .orElse("");
        throw new InvalidSaasConnectConfigurationException(
                property,
                problem,
                didYouMean + "A registration's "
                        + "settings are " + common
                        + (type == null ? "" : "; provider type '" + type.name() + "' " + optionsOf(type)));
    }

    /**
     * Fails when an option of registration {@code id}, set under {@code options} or as a shortcut beside the common
     * settings, is not one that its provider type reads, or is set in both places.
     *
     * @param shortcutValues the option shortcuts by name, {@code null} when not set
     */
    void requireKnownOptions(
            String id, ProviderType type, Map<String, String> options, Map<String, Object> shortcutValues) {
        shortcutValues.forEach((name, value) -> {
            if (value != null && options.containsKey(name)) {
                throw new InvalidSaasConnectConfigurationException(
                        option(id, name), "is set, and so is " + setting(id, name), "Keep only one of them");
            }
            if (value != null) {
                requireOption(id, type, name, setting(id, name));
            }
        });
        options.keySet().forEach(name -> requireOption(id, type, name, option(id, name)));
    }

    private void requireOption(String id, ProviderType type, String name, String property) {
        if (type.option(name).isPresent()) {
            return;
        }
        String problem = "not an option of provider type '" + type.name() + "'";
        if (matchIgnoringDashes(common, name).isPresent()) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    problem,
                    "'" + name + "' is a setting of " + "every registration: move it to " + setting(id, name));
        }
        List<String> owners = typesTaking(name, type);
        if (!owners.isEmpty()) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    problem + " but of " + names(owners),
                    "Remove it, or fix " + setting(id, "type") + ". Provider type '" + type.name() + "' "
                            + optionsOf(type));
        }
        String didYouMean = ClosestName.to(name, optionNames(type))
                .map(near -> "Did you mean " + option(id, near) + "? ")
                .orElse("");
        throw new InvalidSaasConnectConfigurationException(
                property, problem, didYouMean + "Provider type '" + type.name() + "' " + optionsOf(type));
    }

    /** The file and line a setting came from, when it came from one (YAML, properties). */
    static String where(Origin origin) {
        Origin source = origin instanceof PropertySourceOrigin wrapper ? wrapper.getOrigin() : origin;
        return source instanceof TextResourceOrigin text ? " (" + text + ")" : "";
    }

    private static String optionsOf(ProviderType type) {
        return type.options().isEmpty()
                ? "takes no options"
                : "takes the options " + optionNames(type) + " under options";
    }

    private List<String> typesTaking(String option, ProviderType except) {
        return types.values().stream()
                .filter(t -> t != except && t.option(option).isPresent())
                .map(ProviderType::name)
                .toList();
    }

    /** The names of {@code type}'s options, sorted. */
    static Set<String> optionNames(ProviderType type) {
        Set<String> names = new TreeSet<>();
        type.options().forEach(o -> names.add(o.name()));
        return names;
    }

    private static String names(List<String> types) {
        return types.size() == 1 ? "'" + types.get(0) + "'" : types.toString();
    }

    /** The one of {@code keys} that {@code key} names, the way relaxed binding matches names. */
    private static Optional<String> matchIgnoringDashes(Collection<String> keys, String key) {
        String wanted = key.replace("-", "").toLowerCase(Locale.ROOT);
        return keys.stream().filter(k -> k.replace("-", "").equals(wanted)).findFirst();
    }

    private static String setting(String id, String path) {
        return PREFIX + "." + id + "." + path;
    }

    private static String option(String id, String name) {
        return setting(id, OPTIONS + "." + name);
    }
}
