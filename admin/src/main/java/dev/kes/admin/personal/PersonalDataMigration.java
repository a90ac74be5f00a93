package dev.kes.admin.personal;

import dev.kes.admin.AdminException;
import dev.kes.admin.RefusedException;
import dev.kes.admin.kafka.AdminCalls;
import dev.kes.admin.kafka.ApplicationGroup;
import dev.kes.admin.kafka.Clients;
import dev.kes.admin.kafka.TopicScan;
import dev.kes.admin.kafka.Topics;
import dev.kes.schemas.event.PersonalDataErased;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.personal.KeyEncryptionKey;
import dev.kes.service.personal.PersonalData;
import dev.kes.service.personal.PersonalDataException;
import dev.kes.service.personal.PersonalKeys;
import dev.kes.service.personal.PersonalKeysTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies an events topic written before personal data was sealed to a successor topic in which every personal value
 * is sealed (docs/adr/0018): same partitions, keys, order, timestamps and headers; records without a clear personal
 * value keep their bytes. Exactly once: each batch is copied in a transaction that also commits the source offsets
 * it copied, for a group of its own, so a run stopped anywhere resumes after the last committed batch and a
 * half-written batch is never read.
 */
public final class PersonalDataMigration {
    /** Where a migration to {@code successor} records how far it copied; its offset metadata names the source. */
    public static String progressGroup(final String successor) {
        return "es-admin-personal-data-migrate." + successor;
    }

    private static final String ERASED = PersonalDataErased.getClassSchema().getFullName();
    /** The source configs the successor must share: the events are kept as long as the original keeps them. */
    private static final Set<String> KEPT_CONFIGS = Set.of("cleanup.policy", "retention.ms", "retention.bytes");

    /** What to copy where, and who must not be writing meanwhile. */
    public record Request(
            String source, String successor, String keysTopic, String writerApplicationId, long maxRecords) {}

    private final Map<String, Object> kafka;
    private final Admin admin;
    private final Duration timeout;
    private final AvroCodec codec;
    private final Topics topics;

    public PersonalDataMigration(
            final Map<String, Object> kafka, final Admin admin, final Duration timeout, final AvroCodec codec) {
        this.kafka = kafka;
        this.admin = admin;
        this.timeout = timeout;
        this.codec = codec;
        this.topics = new Topics(admin, timeout);
    }

    /**
     * Checks, then copies what the successor still lacks, then checks the successor.
     *
     * @throws RefusedException before anything changed: the writer runs, a transaction is open on the source, the
     *     source was archived, the successor holds other records or has other partitions or configs, or the keys
     *     topic was written with another key-encryption key
     */
    public MigrationResult migrate(final Request request, final KeyEncryptionKey kek) {
        if (request.source().equals(request.successor())) {
            throw new RefusedException("refusing to migrate " + request.source() + " onto itself: name a new topic "
                    + "with --to (the events are copied, never rewritten in place)");
        }
        final TopicDescription source = describe(request.source());
        final List<TopicPartition> partitions = source.partitions().stream()
                .map(p -> new TopicPartition(request.source(), p.partition()))
                .toList();
        new ApplicationGroup(admin, request.writerApplicationId(), timeout)
                .requireStopped("copy " + request.source() + " written by");
        requireNoOpenTransaction(request.source(), partitions);
        requireNotArchived(request.source(), partitions);
        final Map<String, String> sourceConfigs = configs(request.source());
        final boolean exists = topics.names().contains(request.successor());
        final Map<TopicPartition, Long> progress = progress(request, partitions);
        if (exists) {
            requireFits(request, source, progress);
        } else if (!progress.isEmpty()) {
            throw new RefusedException("refusing to copy " + request.source() + " to " + request.successor()
                    + ": it does not exist, yet group " + progressGroup(request.successor()) + " records a copy to it "
                    + "(the topic was deleted). Delete that group (kafka-consumer-groups --delete --group "
                    + progressGroup(request.successor()) + ") to start again, or name a new topic with --to.");
        }

        if (!topics.names().contains(request.keysTopic())) {
            TopicProvisioner.ensure(
                    admin,
                    List.of(PersonalKeysTopic.spec(request.keysTopic(), replicationFactor(source))),
                    minInsyncReplicas(request.source()));
        }
        try (PersonalData personal = open(request.keysTopic(), kek)) {
            if (!exists) {
                create(request.successor(), source, sourceConfigs);
            }
            final Map<TopicPartition, Long> start = progress.isEmpty() ? startFresh(request, partitions) : progress;
            final SourceScan scan = scanSource(request.source());
            final Copy copy = copy(request, start, personal);
            final Map<TopicPartition, Long> endAfter = topics.offsets(partitions, OffsetSpec.latest());
            if (!endAfter.equals(scan.end)) {
                throw new AdminException(request.source() + " was written to during the copy (end offsets " + scan.end
                        + " before, " + endAfter + " after): stop every writer (the command service) and run this "
                        + "again; it continues where this run stopped");
            }
            int tombstoned = 0;
            if (copy.complete) {
                // a holder sealed for an account erased before the migration gets a new key: destroy it again
                for (final String account : scan.erasedAccounts) {
                    tombstoned += personal.erase(account);
                }
            }
            final Map<Integer, Long> successorRecords = new TreeMap<>();
            final List<String> clear = new ArrayList<>();
            if (copy.complete) {
                checkSuccessor(request.successor(), successorRecords, clear);
            }
            return new MigrationResult(
                    !exists,
                    byPartition(start),
                    copy.copied,
                    copy.sealed,
                    copy.complete,
                    scan.records,
                    successorRecords,
                    scan.unreadable,
                    clear,
                    scan.erasedAccounts.size(),
                    tombstoned);
        }
    }

    private TopicDescription describe(final String topic) {
        topics.partitions(topic); // TopicNotFoundException with the tool's wording
        return AdminCalls.await(
                admin.describeTopics(List.of(topic)).topicNameValues().get(topic), timeout, "describing " + topic);
    }

    private static short replicationFactor(final TopicDescription topic) {
        return (short) topic.partitions().get(0).replicas().size();
    }

    private int minInsyncReplicas(final String topic) {
        final ConfigEntry entry = describeConfigs(topic).get("min.insync.replicas");
        return entry == null ? 1 : Integer.parseInt(entry.value());
    }

    /** A transaction still open on the source is a writer at work: its records would be missed or half-copied. */
    private void requireNoOpenTransaction(final String topic, final List<TopicPartition> partitions) {
        final Map<TopicPartition, Long> stable = topics.offsets(partitions, OffsetSpec.latest());
        final Map<TopicPartition, Long> end = uncommittedEnd(partitions);
        final List<String> open = partitions.stream()
                .filter(p -> !stable.get(p).equals(end.get(p)))
                .map(p ->
                        "partition " + p.partition() + ": last stable offset " + stable.get(p) + ", end " + end.get(p))
                .toList();
        if (!open.isEmpty()) {
            throw new RefusedException("refusing to copy " + topic + ": a transaction on it is still open ("
                    + String.join("; ", open) + "), so something is writing to it. Stop every writer (the command "
                    + "service) and run this again once the transaction is committed or aborted.");
        }
    }

    private void requireNotArchived(final String topic, final List<TopicPartition> partitions) {
        final Map<TopicPartition, Long> logStart = topics.offsets(partitions, OffsetSpec.earliest());
        final List<String> truncated = logStart.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> "partition " + e.getKey().partition() + " at " + e.getValue())
                .toList();
        if (!truncated.isEmpty()) {
            throw new RefusedException("refusing to migrate " + topic + ": its log start offset is above 0 ("
                    + String.join(", ", truncated) + "), so its earlier events were archived (es-admin archive) or "
                    + "deleted, and the archive's files keep their holders in clear text. This migration copies the "
                    + "topic only; see docs/adr/0018-migrating-clear-personal-data.md.");
        }
    }

    /** The copy's committed source offsets, after checking they belong to this source; empty before any copy. */
    private Map<TopicPartition, Long> progress(final Request request, final List<TopicPartition> partitions) {
        final String group = progressGroup(request.successor());
        final Map<TopicPartition, OffsetAndMetadata> committed = AdminCalls.await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                timeout,
                "listing the committed offsets of group " + group);
        final Map<TopicPartition, Long> progress = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        committed.forEach((partition, offset) -> {
            if (offset == null) {
                return;
            }
            if (!partition.topic().equals(request.source())
                    || !metadata(request.source()).equals(offset.metadata())) {
                throw new RefusedException("refusing to copy " + request.source() + " to " + request.successor()
                        + ": the successor is the copy of " + partition.topic() + " (group " + group + " says so). "
                        + "Name another successor with --to.");
            }
            progress.put(partition, offset.offset());
        });
        if (!progress.isEmpty() && !progress.keySet().containsAll(partitions)) {
            throw new RefusedException("refusing to copy " + request.source() + " to " + request.successor()
                    + ": group " + group + " records progress for partitions " + progress.keySet() + " only, the "
                    + "source has " + partitions.size() + ". Name another successor with --to.");
        }
        return progress;
    }

    /** An existing successor must be this copy's (or empty), with the source's partitions and retention. */
    private void requireFits(
            final Request request, final TopicDescription source, final Map<TopicPartition, Long> progress) {
        final TopicDescription successor = describe(request.successor());
        if (successor.partitions().size() != source.partitions().size()) {
            throw new RefusedException("refusing to copy " + request.source() + " ("
                    + source.partitions().size()
                    + " partitions) to " + request.successor() + ": it has "
                    + successor.partitions().size()
                    + " partitions, and every record must keep its partition. Delete it, or name a new topic with "
                    + "--to (the migration creates it like the source).");
        }
        final Map<String, ConfigEntry> sourceEffective = describeConfigs(request.source());
        final Map<String, ConfigEntry> successorEffective = describeConfigs(request.successor());
        for (final String name : KEPT_CONFIGS) {
            final String wanted = valueOf(sourceEffective, name);
            final String actual = valueOf(successorEffective, name);
            if (!wanted.equals(actual)) {
                throw new RefusedException("refusing to copy " + request.source() + " to " + request.successor()
                        + ": its " + name + " is " + actual + ", the source's " + wanted + ". Set it as the source's, "
                        + "or name a new topic with --to.");
            }
        }
        if (progress.isEmpty()) {
            final List<TopicPartition> parts = successor.partitions().stream()
                    .map(p -> new TopicPartition(request.successor(), p.partition()))
                    .toList();
            final Map<TopicPartition, Long> start = topics.offsets(parts, OffsetSpec.earliest());
            final Map<TopicPartition, Long> end = uncommittedEnd(parts);
            if (parts.stream().anyMatch(p -> end.get(p) > start.get(p))) {
                throw new RefusedException("refusing to copy " + request.source() + " to " + request.successor()
                        + ": it already holds records that no migration from " + request.source() + " wrote (group "
                        + progressGroup(request.successor()) + " has no offsets). Name a new topic with --to.");
            }
        }
    }

    /** The key-encryption key checked against the keys topic, as every service checks it. */
    private PersonalData open(final String keysTopic, final KeyEncryptionKey kek) {
        try {
            return new PersonalData(PersonalKeys.open(kafka, keysTopic, kek));
        } catch (PersonalDataException e) {
            if (e.getMessage().contains("key-encryption key")) {
                throw new RefusedException(
                        "refusing to migrate: " + e.getMessage().replace(": not starting", "")
                                + ". Give the key-encryption key the services use (--kek-file or --kek-env).");
            }
            throw new AdminException(e.getMessage(), e);
        }
    }

    private void create(final String successor, final TopicDescription source, final Map<String, String> configs) {
        AdminCalls.await(
                admin.createTopics(List.of(
                                new NewTopic(successor, source.partitions().size(), replicationFactor(source))
                                        .configs(configs)))
                        .all(),
                timeout,
                "creating " + successor);
        topics.awaitServed(successor);
    }

    /** The progress marker is written before the first copy, so a crash leaves no records without their owner. */
    private Map<TopicPartition, Long> startFresh(final Request request, final List<TopicPartition> partitions) {
        final Map<TopicPartition, Long> start = topics.offsets(partitions, OffsetSpec.earliest());
        final Map<TopicPartition, OffsetAndMetadata> marker = start.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue(), metadata(request.source()))));
        final String group = progressGroup(request.successor());
        AdminCalls.await(
                admin.alterConsumerGroupOffsets(group, marker).all(),
                timeout,
                "committing the start offsets of group " + group);
        return start;
    }

    private record SourceScan(
            Map<TopicPartition, Long> end,
            Map<Integer, Long> records,
            List<String> unreadable,
            Set<String> erasedAccounts) {}

    /** Counts the source's records, notes those this build cannot read and the accounts erased before the copy. */
    private SourceScan scanSource(final String topic) {
        final Map<Integer, Long> records = new TreeMap<>();
        final List<String> unreadable = new ArrayList<>();
        final Set<String> erased = new TreeSet<>();
        final TopicScan scan = new TopicScan(kafka, timeout);
        final Map<TopicPartition, Long> end = new TreeMap<>(ApplicationGroup::byTopicAndPartition);
        scan.scan(topic, null, record -> {
                    records.merge(record.partition(), 1L, Long::sum);
                    if (record.value() == null) {
                        return;
                    }
                    try {
                        if (ERASED.equals(codec.writerName(record.value())) && record.key() != null) {
                            erased.add(new String(record.key(), StandardCharsets.UTF_8));
                        }
                        codec.decode(record.value());
                    } catch (UnknownSchemaException | MalformedRecordException e) {
                        unreadable.add(record.partition() + ":" + record.offset());
                    }
                })
                .forEach(range -> {
                    records.putIfAbsent(range.partition(), 0L);
                    end.put(new TopicPartition(topic, range.partition()), range.to());
                });
        return new SourceScan(end, records, unreadable, erased);
    }

    private record Copy(long copied, long sealed, boolean complete) {}

    private Copy copy(final Request request, final Map<TopicPartition, Long> start, final PersonalData personal) {
        final PersonalFields fields = new PersonalFields(codec);
        final Map<String, Object> producerProps = Clients.producer(kafka);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, progressGroup(request.successor()));
        final ConsumerGroupMetadata group = new ConsumerGroupMetadata(progressGroup(request.successor()));
        long copied = 0;
        long sealed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        Clients.consumer(kafka), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            // fences a run that was stopped mid-transaction and aborts what it wrote
            producer.initTransactions();
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            final Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet(), timeout);
            long lastProgress = System.nanoTime();
            while (start.keySet().stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (request.maxRecords() > 0 && copied >= request.maxRecords()) {
                    return new Copy(copied, sealed, false);
                }
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                        throw new AdminException(
                                "copying " + request.source() + " made no progress in " + timeout.toSeconds() + " s");
                    }
                    continue;
                }
                lastProgress = System.nanoTime();
                final Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
                producer.beginTransaction();
                try {
                    for (final TopicPartition partition : records.partitions()) {
                        boolean whole = true;
                        for (final ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                            if (record.offset() >= end.get(partition)
                                    || (request.maxRecords() > 0 && copied >= request.maxRecords())) {
                                whole = false;
                                break;
                            }
                            final PersonalFields.Sealed value = fields.seal(
                                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                                    record.value(),
                                    personal);
                            if (value.outcome() == PersonalFields.Outcome.SEALED) {
                                sealed++;
                            }
                            producer.send(new ProducerRecord<>(
                                    request.successor(),
                                    record.partition(),
                                    record.timestamp(),
                                    record.key(),
                                    value.value(),
                                    record.headers()));
                            copied++;
                            next.put(partition, new OffsetAndMetadata(record.offset() + 1, metadata(request.source())));
                        }
                        if (whole) {
                            // past the batch's transaction markers too
                            next.put(
                                    partition,
                                    new OffsetAndMetadata(consumer.position(partition), metadata(request.source())));
                        }
                    }
                    producer.sendOffsetsToTransaction(next, group);
                    producer.commitTransaction();
                } catch (KafkaException | PersonalDataException e) {
                    abort(producer);
                    throw new AdminException(
                            "copying " + request.source() + " to " + request.successor()
                                    + " failed; run this again to continue where the last committed batch ended: "
                                    + AdminCalls.describe(e),
                            e);
                }
                next.forEach((partition, offset) -> consumer.seek(partition, offset.offset()));
            }
        }
        return new Copy(copied, sealed, true);
    }

    private static void abort(final KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException ignored) {
            // fenced or broken: the next run's initTransactions aborts it
        }
    }

    /** Counts the successor's records and decodes each: a clear personal value left is reported. */
    private void checkSuccessor(final String topic, final Map<Integer, Long> records, final List<String> clear) {
        final PersonalFields fields = new PersonalFields(codec);
        new TopicScan(kafka, timeout)
                .scan(topic, null, record -> {
                    records.merge(record.partition(), 1L, Long::sum);
                    fields.clearValues(record.value())
                            .forEach(field -> clear.add(record.partition() + ":" + record.offset() + " " + field));
                })
                .forEach(range -> records.putIfAbsent(range.partition(), 0L));
    }

    private Map<TopicPartition, Long> uncommittedEnd(final List<TopicPartition> partitions) {
        final Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, OffsetSpec.latest()));
        final Map<TopicPartition, Long> end = new HashMap<>();
        AdminCalls.await(
                        admin.listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                                .all(),
                        timeout,
                        "listing offsets")
                .forEach((partition, info) -> end.put(partition, info.offset()));
        return end;
    }

    /** The topic's own settings (not the broker's defaults), which the successor is created with. */
    private Map<String, String> configs(final String topic) {
        return describeConfigs(topic).values().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
    }

    private static String valueOf(final Map<String, ConfigEntry> configs, final String name) {
        final ConfigEntry entry = configs.get(name);
        return entry == null ? "" : String.valueOf(entry.value());
    }

    private Map<String, ConfigEntry> describeConfigs(final String topic) {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final Config config = AdminCalls.await(
                admin.describeConfigs(List.of(resource)).values().get(resource),
                timeout,
                "describing the configs of " + topic);
        return config.entries().stream().collect(Collectors.toMap(ConfigEntry::name, e -> e));
    }

    private static String metadata(final String source) {
        return "es-admin personal-data migrate from " + source;
    }

    private static Map<Integer, Long> byPartition(final Map<TopicPartition, Long> offsets) {
        final Map<Integer, Long> byPartition = new TreeMap<>();
        offsets.forEach((partition, offset) -> byPartition.put(partition.partition(), offset));
        return byPartition;
    }
}
