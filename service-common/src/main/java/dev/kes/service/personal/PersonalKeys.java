package dev.kes.service.personal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data keys of the keys topic, read into memory by one consumer thread, and written through a producer. A key
 * that is not in memory is looked for once more after catching up with the topic (it may have been written by
 * another instance a moment ago); still missing, it is erased. With no key-encryption key (erasure only) it can list
 * and tombstone keys but not unwrap them.
 */
public final class PersonalKeys implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PersonalKeys.class);
    /** The record naming the key-encryption key the topic is written with; it has no '/', so it is no data key. */
    static final String CHECK_KEY = "_kek";

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHECK_INTERVAL = Duration.ofMinutes(10);
    /** How long the reader's poll waits when the topic is quiet; a catch-up wakes it at once. */
    static final Duration IDLE_POLL = Duration.ofMillis(500);

    private final String topic;
    private final KeyEncryptionKey kek;
    /** A reader (a tool revealing what it prints) writes nothing: no new keys, no check record. */
    private final boolean readOnly;

    private final Duration idlePoll;

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Map<String, WrappedKey>> byAccount = new ConcurrentHashMap<>();
    private final Map<String, SecretKey> unwrapped = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> catchUps = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile byte[] checkValue;
    private volatile boolean running = true;
    private volatile long lastCheckWrite = System.nanoTime();

    private PersonalKeys(
            final Map<String, Object> kafka,
            final String topic,
            final KeyEncryptionKey kek,
            final boolean readOnly,
            final Duration idlePoll) {
        this.topic = topic;
        this.idlePoll = idlePoll;
        this.kek = kek;
        this.readOnly = readOnly;
        final Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // a catch-up after this instance's own write could wait out a whole pending fetch (500 ms by default)
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        // the command processor writes keys in its transactions: a key of an aborted one must never be used
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        final Map<String, Object> producerProps = new HashMap<>(kafka);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // each send is awaited alone (a new account's key, on the request or stream thread): lingering only delays it
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        this.reader = new Thread(this::run, "kes-personal-keys");
        this.reader.setDaemon(true);
    }

    /**
     * Reads the topic to its end, then checks that it was written with {@code kek} (null: erasure only, no check).
     * A different key-encryption key fails here, before anything is written.
     */
    public static PersonalKeys open(final Map<String, Object> kafka, final String topic, final KeyEncryptionKey kek) {
        return open(kafka, topic, kek, false);
    }

    /**
     * As {@link #open}, for a reader that reveals and writes nothing: it cannot make keys or erase, and a topic that
     * names no key-encryption key yet is not marked with this one.
     */
    public static PersonalKeys openForReading(
            final Map<String, Object> kafka, final String topic, final KeyEncryptionKey kek) {
        return open(kafka, topic, kek, true);
    }

    private static PersonalKeys open(
            final Map<String, Object> kafka, final String topic, final KeyEncryptionKey kek, final boolean readOnly) {
        return open(kafka, topic, kek, readOnly, IDLE_POLL);
    }

    static PersonalKeys open(
            final Map<String, Object> kafka,
            final String topic,
            final KeyEncryptionKey kek,
            final boolean readOnly,
            final Duration idlePoll) {
        final PersonalKeys keys = new PersonalKeys(kafka, topic, kek, readOnly, idlePoll);
        try {
            final List<PartitionInfo> partitions = keys.consumer.partitionsFor(topic, CATCH_UP_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new PersonalDataException("the keys topic " + topic + " does not exist");
            }
            keys.consumer.assign(partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList());
            keys.consumer.seekToBeginning(keys.consumer.assignment());
            keys.readToEnd();
            if (kek != null) {
                keys.verify();
            }
        } catch (RuntimeException e) {
            keys.closeClients();
            throw e;
        }
        keys.reader.start();
        return keys;
    }

    private void verify() {
        final byte[] check = checkValue;
        if (check != null && !kek.hasId(check)) {
            throw new PersonalDataException("the keys topic " + topic + " was written with another key-encryption key"
                    + " than the configured one (id " + kek.idHex() + "): not starting");
        }
        for (final Map<String, WrappedKey> keys : byAccount.values()) {
            for (final WrappedKey key : keys.values()) {
                if (!kek.hasId(key.kekId())) {
                    throw new PersonalDataException("data key " + key.recordKey() + " in " + topic
                            + " is wrapped by another key-encryption key than the configured one (id " + kek.idHex()
                            + "): not starting");
                }
            }
        }
        if (check == null && !readOnly) {
            send(CHECK_KEY, kek.id());
        }
    }

    /** The account's key to encrypt with: the one it has, or a new one written to the topic first. */
    public DataKey keyFor(final String accountId) {
        return keyFor(accountId, true);
    }

    /** As {@link #keyFor(String)}; without {@code lookFirst} a key not in memory is made without a catch-up. */
    public DataKey keyFor(final String accountId, final boolean lookFirst) {
        requireKek();
        requireWritable();
        DataKey known = known(accountId);
        if (known == null && lookFirst) {
            // another instance may have made it (a retry sent elsewhere): one key, one sealed text per value
            catchUp();
            known = known(accountId);
        }
        if (known != null) {
            return known;
        }
        final Made made = newKey(accountId);
        send(made.wrapped().recordKey(), made.wrapped().value());
        remember(made.wrapped());
        unwrapped.put(made.wrapped().recordKey(), made.key().key());
        return made.key();
    }

    /**
     * The key the account has in memory (no catch-up), else a new one that is neither written nor remembered: its
     * caller writes the record in its own transaction (the command processor), so a key whose transaction aborts is
     * never used; once committed, this reader reads it back like any other.
     */
    public NewKey knownOrNewKey(final String accountId) {
        requireKek();
        requireWritable();
        final DataKey known = known(accountId);
        if (known != null) {
            return new NewKey(null, null, known);
        }
        final Made made = newKey(accountId);
        return new NewKey(made.wrapped().recordKey(), made.wrapped().value(), made.key());
    }

    /** A new data key of the account: wrapped for the keys topic, and in the clear for sealing. */
    private record Made(WrappedKey wrapped, DataKey key) {}

    private Made newKey(final String accountId) {
        final String keyId = HexFormat.of().formatHex(KeyEncryptionKey.randomBytes(8));
        final byte[] raw = KeyEncryptionKey.randomBytes(32);
        final WrappedKey key =
                new WrappedKey(accountId, keyId, kek.id(), kek.wrap(raw, WrappedKey.recordKey(accountId, keyId)));
        return new Made(key, new DataKey(keyId, new SecretKeySpec(raw, "AES")));
    }

    private DataKey known(final String accountId) {
        final Map<String, WrappedKey> keys = byAccount.get(accountId);
        if (keys != null) {
            for (final WrappedKey key : keys.values()) {
                return new DataKey(key.keyId(), unwrap(key));
            }
        }
        return null;
    }

    /** The key {@code keyId} of the account; empty when it is erased (or was never written). */
    public Optional<SecretKey> find(final String accountId, final String keyId) {
        requireKek();
        WrappedKey key = known(accountId, keyId);
        if (key == null) {
            catchUp();
            key = known(accountId, keyId);
        }
        return key == null ? Optional.empty() : Optional.of(unwrap(key));
    }

    /** Whether the account has any key (after catching up): false once it is erased. */
    public boolean hasKeys(final String accountId) {
        catchUp();
        final Map<String, WrappedKey> keys = byAccount.get(accountId);
        return keys != null && !keys.isEmpty();
    }

    /** Tombstones every key of the account; returns how many. Idempotent: an erased account has none left. */
    public int erase(final String accountId) {
        requireWritable();
        catchUp();
        final Map<String, WrappedKey> keys = byAccount.getOrDefault(accountId, Map.of());
        final List<String> names = new ArrayList<>();
        keys.values().forEach(key -> names.add(key.recordKey()));
        for (final String name : names) {
            send(name, null);
            forget(name);
        }
        if (!names.isEmpty()) {
            LOG.info("erased {} data key(s) of account {}", names.size(), accountId);
        }
        return names.size();
    }

    private WrappedKey known(final String accountId, final String keyId) {
        final Map<String, WrappedKey> keys = byAccount.get(accountId);
        return keys == null ? null : keys.get(keyId);
    }

    private SecretKey unwrap(final WrappedKey key) {
        return unwrapped.computeIfAbsent(
                key.recordKey(), name -> new SecretKeySpec(kek.unwrap(key.wrapped(), name), "AES"));
    }

    private void requireKek() {
        if (kek == null) {
            throw new IllegalStateException("opened without a key-encryption key: erasure only");
        }
    }

    private void requireWritable() {
        if (readOnly) {
            throw new IllegalStateException("opened for reading only");
        }
    }

    private void send(final String key, final byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value))
                    .get(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersonalDataException("interrupted writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PersonalDataException("cannot write to the keys topic " + topic + ": " + e.getCause(), e);
        }
    }

    /** Waits until this instance has read everything written to the topic before the call. */
    private void catchUp() {
        if (!running) {
            throw new IllegalStateException("personal keys are closed");
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        catchUps.add(done);
        consumer.wakeup();
        try {
            done.get(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersonalDataException("interrupted reading " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PersonalDataException("cannot read the keys topic " + topic + ": " + e, e);
        }
    }

    private void run() {
        while (running) {
            try {
                // first: a catch-up's wake-up lands here, and must not wait for an idle poll
                serveCatchUps();
                apply(consumer.poll(idlePoll));
                serveCatchUps();
                refreshCheck();
            } catch (WakeupException e) {
                // a catch-up was asked for (or close): served at the top of the next turn
            } catch (RuntimeException e) {
                LOG.warn("reading the keys topic {} failed: {}", topic, e.toString());
                failCatchUps(e);
            }
        }
    }

    private void serveCatchUps() {
        if (catchUps.isEmpty()) {
            return;
        }
        final List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (CompletableFuture<Void> next; (next = catchUps.poll()) != null; ) {
            waiting.add(next);
        }
        while (true) {
            try {
                readToEnd();
                break;
            } catch (WakeupException e) {
                if (!running) {
                    throw e;
                }
                // another catch-up asked meanwhile: this read serves it too
            }
        }
        waiting.forEach(f -> f.complete(null));
    }

    private void failCatchUps(final RuntimeException e) {
        for (CompletableFuture<Void> next; (next = catchUps.poll()) != null; ) {
            next.completeExceptionally(e);
        }
    }

    /** Keeps appending to the topic now and then, so the segment holding a recent tombstone rolls and is compacted. */
    private void refreshCheck() {
        if (kek != null && !readOnly && System.nanoTime() - lastCheckWrite > CHECK_INTERVAL.toNanos()) {
            lastCheckWrite = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, 0, CHECK_KEY, kek.id()));
        }
    }

    private void readToEnd() {
        final Set<TopicPartition> assigned = consumer.assignment();
        final Map<TopicPartition, Long> end = consumer.endOffsets(assigned, CATCH_UP_TIMEOUT);
        final long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new PersonalDataException("could not read the keys topic " + topic + " to its end in "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s");
            }
            apply(consumer.poll(Duration.ofMillis(200)));
        }
    }

    private void apply(final Iterable<ConsumerRecord<String, byte[]>> records) {
        for (final ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                continue;
            }
            if (CHECK_KEY.equals(record.key())) {
                checkValue = record.value();
            } else if (record.value() == null) {
                forget(record.key());
            } else {
                final WrappedKey key = WrappedKey.parse(record.key(), record.value());
                if (key != null) {
                    remember(key);
                }
            }
        }
    }

    private void remember(final WrappedKey key) {
        byAccount
                .computeIfAbsent(key.accountId(), a -> new ConcurrentHashMap<>())
                .put(key.keyId(), key);
    }

    private void forget(final String recordKey) {
        final String account = WrappedKey.accountOf(recordKey);
        if (account != null) {
            byAccount.computeIfPresent(account, (a, keys) -> {
                keys.remove(WrappedKey.keyIdOf(recordKey));
                return keys.isEmpty() ? null : keys;
            });
        }
        unwrapped.remove(recordKey);
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeClients();
        failCatchUps(new IllegalStateException("personal keys closed"));
    }

    private void closeClients() {
        if (!reader.isAlive()) {
            consumer.close(Duration.ofSeconds(5));
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** A data key and its id, which each ciphertext names. */
    public record DataKey(String keyId, SecretKey key) {}

    /**
     * A data key and, when it is new, the keys-topic record (key, value) that must be written before anything sealed
     * with it is; both null for a key the topic already has.
     */
    public record NewKey(String recordKey, byte[] value, DataKey key) {
        public boolean isNew() {
            return recordKey != null;
        }
    }
}
