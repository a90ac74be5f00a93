package dev.kes.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the storage topic says, folded in offset order: the versions of each subject, the schema behind each id and
 * the compatibility levels. Only the topic's reader changes it; the HTTP threads read it.
 */
final class RegistryState {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);

    /** Live (not deleted) versions per subject, in version order; subjects in name order. */
    private final Map<String, TreeMap<Integer, StoredSchema>> subjects = new TreeMap<>();
    /** The highest version ever given per subject: a deleted version's number is not given again. */
    private final Map<String, Integer> highestVersion = new HashMap<>();

    private final Map<Integer, SchemaContent> contentById = new HashMap<>();
    private final Map<SchemaContent, Integer> idByContent = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    synchronized void apply(final StorageRecord record, final long offset) {
        if (record instanceof StorageRecord.SchemaVersion version) {
            apply(version, offset);
        } else if (record instanceof StorageRecord.SchemaTombstone tombstone) {
            final TreeMap<Integer, StoredSchema> versions = subjects.get(tombstone.subject());
            if (versions != null) {
                versions.remove(tombstone.version());
                if (versions.isEmpty()) {
                    subjects.remove(tombstone.subject());
                }
            }
        } else if (record instanceof StorageRecord.Config config) {
            if (config.subject() == null) {
                globalLevel = config.level();
            } else if (config.level() == null) {
                subjectLevels.remove(config.subject());
            } else {
                subjectLevels.put(config.subject(), config.level());
            }
        } else if (record instanceof StorageRecord.Ignored ignored) {
            LOG.warn("skipped storage record at offset {}: {}", offset, ignored.why());
        }
    }

    private void apply(final StorageRecord.SchemaVersion record, final long offset) {
        final StoredSchema schema = record.schema();
        final SchemaContent known = contentById.get(schema.id());
        if (known != null && !known.equals(schema.content())) {
            // two writers gave one id to different schemas: the first stays what the id means
            LOG.error(
                    "storage record at offset {} gives id {} to another schema than before; it is ignored",
                    offset,
                    schema.id());
            return;
        }
        contentById.put(schema.id(), schema.content());
        idByContent.putIfAbsent(schema.content(), schema.id());
        maxId = Math.max(maxId, schema.id());
        highestVersion.merge(schema.subject(), schema.version(), Math::max);
        final TreeMap<Integer, StoredSchema> versions =
                subjects.computeIfAbsent(schema.subject(), s -> new TreeMap<>());
        if (record.deleted()) {
            versions.remove(schema.version());
            if (versions.isEmpty()) {
                subjects.remove(schema.subject());
            }
        } else {
            versions.put(schema.version(), schema);
        }
    }

    synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    synchronized boolean hasSubject(final String subject) {
        return subjects.containsKey(subject);
    }

    /** The live versions of {@code subject}, oldest first; empty for an unknown subject. */
    synchronized List<StoredSchema> versions(final String subject) {
        final TreeMap<Integer, StoredSchema> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    synchronized Optional<StoredSchema> version(final String subject, final int version) {
        final TreeMap<Integer, StoredSchema> versions = subjects.get(subject);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    synchronized Optional<StoredSchema> latest(final String subject) {
        final TreeMap<Integer, StoredSchema> versions = subjects.get(subject);
        return versions == null || versions.isEmpty()
                ? Optional.empty()
                : Optional.of(versions.lastEntry().getValue());
    }

    /** The version of {@code subject} that holds {@code content}, the oldest if several do. */
    synchronized Optional<StoredSchema> find(final String subject, final SchemaContent content) {
        return versions(subject).stream()
                .filter(s -> s.content().equals(content))
                .findFirst();
    }

    synchronized int nextVersion(final String subject) {
        return highestVersion.getOrDefault(subject, 0) + 1;
    }

    synchronized Optional<SchemaContent> schema(final int id) {
        return Optional.ofNullable(contentById.get(id));
    }

    synchronized OptionalInt idOf(final SchemaContent content) {
        final Integer id = idByContent.get(content);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    synchronized int maxId() {
        return maxId;
    }

    /** Every live subject version whose schema has {@code id}. */
    synchronized List<StoredSchema> usages(final int id) {
        final List<StoredSchema> usages = new ArrayList<>();
        subjects.values()
                .forEach(versions ->
                        versions.values().stream().filter(s -> s.id() == id).forEach(usages::add));
        return usages;
    }

    /** The ids of the schemas that reference {@code subject}'s {@code version}. */
    synchronized List<Integer> referencedBy(final String subject, final int version) {
        return contentById.entrySet().stream()
                .filter(e -> e.getValue().references().stream()
                        .anyMatch(r -> r.subject().equals(subject) && r.version() == version))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(final String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? CompatibilityLevel.DEFAULT : globalLevel;
    }

    /** The level registrations under {@code subject} are checked at. */
    synchronized CompatibilityLevel levelFor(final String subject) {
        return subjectLevel(subject).orElseGet(this::globalLevel);
    }
}
