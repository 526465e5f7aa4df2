package io.github.saasconnect.testkit.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One KV v2 mount: the engine config and every key's state, with the semantics of contract sections F to J.
 * <p>
 * Every operation holds the store's monitor, so writes are serialized and no two requests can pass a CAS check for
 * the same version (section E allows one global lock). Operations return the {@code data} of the answer envelope,
 * {@code null} for a 204, or throw {@link VaultError}.
 */
final class KvStore {

    private static final int DEFAULT_MAX_VERSIONS = 10;

    private static final int MAX_CUSTOM_METADATA_KEYS = 64;

    private static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";

    private final Clock clock;

    private final Random listOrder;

    private final Map<String, KeyRecord> keys = new HashMap<>();

    private int maxVersions;

    private boolean casRequired;

    private Duration deleteVersionAfter = Duration.ZERO;

    KvStore(Clock clock, Random listOrder) {
        this.clock = clock;
        this.listOrder = listOrder;
    }

    /** A deep copy, used as a lagging read replica. */
    synchronized KvStore copy() {
        KvStore copy = new KvStore(this.clock, this.listOrder);
        this.keys.forEach((key, record) -> copy.keys.put(key, record.copy()));
        copy.maxVersions = this.maxVersions;
        copy.casRequired = this.casRequired;
        copy.deleteVersionAfter = this.deleteVersionAfter;
        return copy;
    }

    // J. Engine config

    synchronized ObjectNode config() {
        ObjectNode data = Json.object();
        data.put("cas_required", this.casRequired);
        data.put("delete_version_after", GoDuration.format(this.deleteVersionAfter));
        data.put("max_versions", this.maxVersions);
        return data;
    }

    synchronized void writeConfig(JsonNode body) {
        ObjectNode fields = objectBody(body);
        Integer newMax = maxVersionsField(fields);
        Boolean newCasRequired = boolField(fields, "cas_required");
        Duration newDeleteAfter = durationField(fields);
        if (newMax != null) {
            this.maxVersions = newMax;
        }
        if (newCasRequired != null) {
            this.casRequired = newCasRequired;
        }
        if (newDeleteAfter != null) {
            this.deleteVersionAfter = newDeleteAfter;
        }
    }

    synchronized boolean exists(String key) {
        return this.keys.containsKey(key);
    }

    // F. Write

    synchronized ObjectNode write(String key, JsonNode body) {
        ObjectNode data = dataField(body);
        KeyRecord record = this.keys.get(key);
        checkAndSet(body, record, false);
        return appendVersion(key, record, data);
    }

    /** {@code PATCH data/}: a JSON merge patch (RFC 7386) on the current version, written as a new version. */
    synchronized ObjectNode patch(String key, JsonNode body) {
        ObjectNode patch = dataField(body);
        KeyRecord record = this.keys.get(key);
        if (record == null || record.currentVersion == 0) {
            throw VaultError.notFound();
        }
        checkAndSet(body, record, true);
        KeyRecord.Version current = record.versions.get(record.currentVersion);
        if (current == null || !current.isLive(now())) {
            throw VaultError.notFound();
        }
        return appendVersion(key, record, (ObjectNode) mergePatch(current.data.deepCopy(), patch));
    }

    private void checkAndSet(JsonNode body, KeyRecord record, boolean patch) {
        JsonNode options = body.get("options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw VaultError.badRequest("options must be a JSON object");
        }
        JsonNode casNode = (options != null) ? options.get("cas") : null;
        int currentVersion = (record != null) ? record.currentVersion : 0;
        if (casNode != null) {
            Long cas = VaultValues.integer(casNode);
            if (cas == null) {
                throw VaultError.badRequest("error parsing check-and-set parameter");
            }
            if (cas != currentVersion || (patch && cas <= 0)) {
                throw VaultError.badRequest(CAS_MISMATCH);
            }
        } else if (this.casRequired || (record != null && record.casRequired)) {
            throw VaultError.badRequest("check-and-set parameter required for this call");
        }
    }

    private ObjectNode appendVersion(String key, KeyRecord existing, ObjectNode data) {
        Instant now = now();
        KeyRecord record = (existing != null) ? existing : new KeyRecord(now);
        this.keys.put(key, record);
        if (record.currentVersion == 0) {
            record.createdTime = now;
        }
        record.currentVersion++;
        record.updatedTime = now;
        Duration deleteAfter = effectiveDeleteVersionAfter(record);
        Instant deletionTime = deleteAfter.isZero() ? null : now.plus(deleteAfter);
        record.versions.put(record.currentVersion, new KeyRecord.Version(now, deletionTime, data.deepCopy()));
        prune(record);
        return versionMetadata(record, record.currentVersion, record.versions.get(record.currentVersion));
    }

    /** F5: keep at most {@code max(key, config)} versions (10 when both are 0). */
    private void prune(KeyRecord record) {
        int window = Math.max(record.maxVersions, this.maxVersions);
        if (window == 0) {
            window = DEFAULT_MAX_VERSIONS;
        }
        if (record.currentVersion - record.oldestVersion >= window) {
            int lastDropped = record.currentVersion - window;
            record.versions.headMap(lastDropped, true).clear();
            record.oldestVersion = lastDropped + 1;
        }
    }

    /** The smaller of the key's and the engine's positive {@code delete_version_after}, or zero. */
    private Duration effectiveDeleteVersionAfter(KeyRecord record) {
        Duration own = record.deleteVersionAfter;
        Duration engine = this.deleteVersionAfter;
        if (own.isZero() || own.isNegative()) {
            return (engine.isNegative()) ? Duration.ZERO : engine;
        }
        if (engine.isZero() || engine.isNegative()) {
            return own;
        }
        return (own.compareTo(engine) < 0) ? own : engine;
    }

    // G. Read

    synchronized ObjectNode read(String key, String versionParameter) {
        KeyRecord record = this.keys.get(key);
        int number = requestedVersion(record, versionParameter);
        KeyRecord.Version version = record.versions.get(number);
        ObjectNode data = Json.object();
        ObjectNode metadata = versionMetadata(record, number, version);
        if (!version.isLive(now())) {
            data.putNull("data");
            data.set("metadata", metadata);
            throw VaultError.notFoundWithData(data);
        }
        data.set("data", version.data.deepCopy());
        data.set("metadata", metadata);
        return data;
    }

    /** {@code GET subkeys/}: the key structure of a version, with every leaf value replaced by {@code null}. */
    synchronized ObjectNode subkeys(String key, String versionParameter, String depthParameter) {
        int depth = 0;
        if (depthParameter != null) {
            Long parsed = VaultValues.integer(depthParameter);
            if (parsed == null || parsed < 0) {
                throw VaultError.badRequest("error parsing depth parameter");
            }
            depth = parsed.intValue();
        }
        ObjectNode full = read(key, versionParameter);
        ObjectNode data = Json.object();
        data.set("subkeys", structure((ObjectNode) full.get("data"), depth, 1));
        data.set("metadata", full.get("metadata"));
        return data;
    }

    private static ObjectNode structure(ObjectNode node, int maxDepth, int depth) {
        ObjectNode shape = Json.object();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getValue().isObject() && (maxDepth == 0 || depth < maxDepth)) {
                shape.set(entry.getKey(), structure((ObjectNode) entry.getValue(), maxDepth, depth + 1));
            } else {
                shape.putNull(entry.getKey());
            }
        }
        return shape;
    }

    private int requestedVersion(KeyRecord record, String versionParameter) {
        int requested = 0;
        if (versionParameter != null) {
            Long parsed = VaultValues.integer(versionParameter);
            if (parsed == null || parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE) {
                throw VaultError.badRequest("error parsing version parameter");
            }
            requested = parsed.intValue();
        }
        if (record == null) {
            throw VaultError.notFound();
        }
        int number = (requested > 0) ? requested : record.currentVersion;
        if (number == 0 || !record.versions.containsKey(number)) {
            throw VaultError.notFound();
        }
        return number;
    }

    // H. Delete, undelete, destroy

    /** H1: soft-delete the latest version, if it is live. */
    synchronized void deleteLatest(String key) {
        KeyRecord record = this.keys.get(key);
        if (record == null) {
            return;
        }
        KeyRecord.Version latest = record.versions.get(record.currentVersion);
        Instant now = now();
        if (latest != null && latest.isLive(now)) {
            latest.deletionTime = now;
        }
    }

    /** H2: soft-delete the listed versions that are live; ignore the rest. */
    synchronized void deleteVersions(String key, JsonNode body) {
        List<Integer> versions = versionsField(body, "No version number provided");
        KeyRecord record = this.keys.get(key);
        if (record == null) {
            return;
        }
        Instant now = now();
        for (int number : versions) {
            KeyRecord.Version version = record.versions.get(number);
            if (version != null && version.isLive(now)) {
                version.deletionTime = now;
            }
        }
    }

    /** H3: clear the deletion time of the listed versions that are not destroyed. */
    synchronized void undelete(String key, JsonNode body) {
        List<Integer> versions = versionsField(body, "no version number provided");
        KeyRecord record = this.keys.get(key);
        if (record == null) {
            return;
        }
        Instant now = now();
        Duration deleteAfter = effectiveDeleteVersionAfter(record);
        for (int number : versions) {
            KeyRecord.Version version = record.versions.get(number);
            if (version != null && !version.destroyed) {
                version.deletionTime = deleteAfter.isZero() ? null : now.plus(deleteAfter);
            }
        }
    }

    /** H4: destroy the listed versions for good. */
    synchronized void destroy(String key, JsonNode body) {
        List<Integer> versions = versionsField(body, "no version number provided");
        KeyRecord record = this.keys.get(key);
        if (record == null) {
            return;
        }
        for (int number : versions) {
            KeyRecord.Version version = record.versions.get(number);
            if (version != null) {
                version.destroyed = true;
                version.data = null;
            }
        }
    }

    private static List<Integer> versionsField(JsonNode body, String missingMessage) {
        if (body != null && !body.isObject()) {
            throw VaultError.badRequest("request body must be a JSON object");
        }
        List<Integer> versions = VaultValues.versions((body != null) ? body.get("versions") : null);
        if (versions == null) {
            throw VaultError.badRequest("error parsing versions: expected a list of version numbers");
        }
        if (versions.isEmpty()) {
            throw VaultError.badRequest(missingMessage);
        }
        return versions;
    }

    // I. Metadata

    synchronized ObjectNode metadata(String key) {
        KeyRecord record = this.keys.get(key);
        if (record == null) {
            throw VaultError.notFound();
        }
        ObjectNode data = Json.object();
        data.put("cas_required", record.casRequired);
        data.put("created_time", VaultTime.format(record.createdTime));
        data.put("current_version", record.currentVersion);
        data.set("custom_metadata", customMetadataNode(record));
        data.put("delete_version_after", GoDuration.format(record.deleteVersionAfter));
        data.put("max_versions", record.maxVersions);
        data.put("oldest_version", record.oldestVersion);
        data.put("updated_time", VaultTime.format(record.updatedTime));
        ObjectNode versions = data.putObject("versions");
        record.versions.forEach((number, version) -> {
            ObjectNode entry = versions.putObject(Integer.toString(number));
            entry.put("created_time", VaultTime.format(version.createdTime));
            entry.put("deletion_time", VaultTime.format(version.deletionTime));
            entry.put("destroyed", version.destroyed);
        });
        return data;
    }

    /**
     * I2: set only the fields present; create the metadata when the key has none (unless nothing is set). With
     * {@code mustExist} (a {@code PATCH}), a key without metadata is a 404.
     */
    synchronized void writeMetadata(String key, JsonNode body, boolean mustExist) {
        ObjectNode fields = objectBody(body);
        Integer newMax = maxVersionsField(fields);
        Boolean newCasRequired = boolField(fields, "cas_required");
        Duration newDeleteAfter = durationField(fields);
        Map<String, String> newCustom = customMetadataField(fields);
        KeyRecord record = this.keys.get(key);
        if (record == null && mustExist) {
            throw VaultError.notFound();
        }
        if (newMax == null && newCasRequired == null && newDeleteAfter == null && newCustom == null) {
            return;
        }
        Instant now = now();
        if (record == null) {
            record = new KeyRecord(now);
            this.keys.put(key, record);
        }
        if (newMax != null) {
            record.maxVersions = newMax;
        }
        if (newCasRequired != null) {
            record.casRequired = newCasRequired;
        }
        if (newDeleteAfter != null) {
            record.deleteVersionAfter = newDeleteAfter;
        }
        if (newCustom != null) {
            record.customMetadata = newCustom;
        }
        record.updatedTime = now;
    }

    /** I3: remove the key and all its versions for good. */
    synchronized void deleteMetadata(String key) {
        this.keys.remove(key);
    }

    /** I4: the names directly under {@code prefix} (empty or ending in {@code /}), in a shuffled order. */
    synchronized ObjectNode list(String prefix) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : this.keys.keySet()) {
            if (!key.startsWith(prefix) || key.length() == prefix.length()) {
                continue;
            }
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            names.add((slash >= 0) ? rest.substring(0, slash + 1) : rest);
        }
        if (names.isEmpty()) {
            throw VaultError.notFound();
        }
        List<String> ordered = new ArrayList<>(names);
        Collections.shuffle(ordered, this.listOrder);
        List<String> sorted = new ArrayList<>(ordered);
        Collections.sort(sorted);
        if (ordered.size() > 1 && ordered.equals(sorted)) {
            Collections.reverse(ordered);
        }
        ObjectNode data = Json.object();
        ordered.forEach(data.putArray("keys")::add);
        return data;
    }

    // Direct access for test assertions

    synchronized Optional<Map<String, Object>> readCurrent(String key) {
        KeyRecord record = this.keys.get(key);
        if (record == null) {
            return Optional.empty();
        }
        KeyRecord.Version version = record.versions.get(record.currentVersion);
        if (version == null || !version.isLive(now())) {
            return Optional.empty();
        }
        return Optional.of(Collections.unmodifiableMap(Json.toMap(version.data)));
    }

    synchronized int currentVersion(String key) {
        KeyRecord record = this.keys.get(key);
        return (record != null) ? record.currentVersion : 0;
    }

    /** An unconditional write, as a test fixture; returns the new version. */
    synchronized int put(String key, Map<String, ?> data) {
        appendVersion(key, this.keys.get(key), Json.fromMap(data));
        return this.keys.get(key).currentVersion;
    }

    // Helpers

    private Instant now() {
        return this.clock.instant();
    }

    private ObjectNode versionMetadata(KeyRecord record, int number, KeyRecord.Version version) {
        ObjectNode metadata = Json.object();
        metadata.put("created_time", VaultTime.format(version.createdTime));
        metadata.set("custom_metadata", customMetadataNode(record));
        metadata.put("deletion_time", VaultTime.format(version.deletionTime));
        metadata.put("destroyed", version.destroyed);
        metadata.put("version", number);
        return metadata;
    }

    private static JsonNode customMetadataNode(KeyRecord record) {
        if (record.customMetadata == null) {
            return Json.object().nullNode();
        }
        ObjectNode custom = Json.object();
        record.customMetadata.forEach(custom::put);
        return custom;
    }

    private static ObjectNode dataField(JsonNode body) {
        if (body == null) {
            throw VaultError.badRequest("no data provided");
        }
        if (!body.isObject()) {
            throw VaultError.badRequest("request body must be a JSON object");
        }
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            throw VaultError.badRequest("no data provided");
        }
        if (!data.isObject()) {
            throw VaultError.badRequest("data must be a JSON object");
        }
        return (ObjectNode) data;
    }

    private static ObjectNode objectBody(JsonNode body) {
        if (body == null) {
            return Json.object();
        }
        if (!body.isObject()) {
            throw VaultError.badRequest("request body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    private static Integer maxVersionsField(ObjectNode fields) {
        JsonNode node = fields.get("max_versions");
        if (node == null || node.isNull()) {
            return null;
        }
        Long value = VaultValues.integer(node);
        if (value == null || value < 0 || value > Integer.MAX_VALUE) {
            throw VaultError.badRequest("max_versions must be a non-negative integer");
        }
        return value.intValue();
    }

    private static Boolean boolField(ObjectNode fields, String name) {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        Boolean value = VaultValues.bool(node);
        if (value == null) {
            throw VaultError.badRequest(name + " must be a boolean");
        }
        return value;
    }

    private static Duration durationField(ObjectNode fields) {
        JsonNode node = fields.get("delete_version_after");
        if (node == null || node.isNull()) {
            return null;
        }
        Duration value = VaultValues.duration(node);
        if (value == null || value.isNegative()) {
            throw VaultError.badRequest("delete_version_after must be a non-negative duration");
        }
        return value;
    }

    private static Map<String, String> customMetadataField(ObjectNode fields) {
        JsonNode node = fields.get("custom_metadata");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw VaultError.badRequest("custom_metadata validation failed: must be a map of strings");
        }
        if (node.size() > MAX_CUSTOM_METADATA_KEYS) {
            throw VaultError.badRequest("custom_metadata validation failed: payload must contain at most "
                    + MAX_CUSTOM_METADATA_KEYS + " keys, provided " + node.size());
        }
        Map<String, String> custom = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.isEmpty() || key.length() > 128) {
                throw VaultError.badRequest("custom_metadata validation failed: length of key \"" + key + "\" is "
                        + key.length() + " but must be 1 to 128");
            }
            if (!value.isString()) {
                throw VaultError.badRequest(
                        "custom_metadata validation failed: value of key \"" + key + "\" must be a string");
            }
            String text = value.stringValue();
            if (text.isEmpty() || text.length() > 512) {
                throw VaultError.badRequest("custom_metadata validation failed: length of value for key \"" + key
                        + "\" is " + text.length() + " but must be 1 to 512");
            }
            custom.put(key, text);
        }
        return custom;
    }

    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = (target != null && target.isObject()) ? (ObjectNode) target : Json.object();
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), mergePatch(result.get(entry.getKey()), entry.getValue()));
            }
        }
        return result;
    }
}
