package dev.kes.registry;

/** One record of the storage topic, decoded. */
sealed interface StorageRecord {

    /** A subject's version; {@code deleted} versions keep their id resolvable but leave the subject's list. */
    record SchemaVersion(StoredSchema schema, boolean deleted) implements StorageRecord {}

    /** A version removed for good (a tombstone). */
    record SchemaTombstone(String subject, int version) implements StorageRecord {}

    /** A compatibility level; {@code subject} null for the global one, {@code level} null when it was removed. */
    record Config(String subject, CompatibilityLevel level) implements StorageRecord {}

    /** Anything else the topic may hold (Confluent's NOOP markers, other key types): skipped. */
    record Ignored(String why) implements StorageRecord {}
}
