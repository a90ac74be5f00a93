package dev.kes.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything committed on an events topic, read as a read_committed consumer sees it, and the transfer checks of
 * issue 14 over it: one debit per transfer, one credit or refund per debit, versions 1..n per account, and the sum of
 * the balances.
 */
final class TransferLedger {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final List<SpecificRecord> events;

    private TransferLedger(final List<SpecificRecord> events) {
        this.events = events;
    }

    static TransferLedger read(final KafkaTestCluster kafka, final String topic) {
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final AvroCodec codec = AvroCodec.shipped();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, DEADLINE).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            final List<SpecificRecord> events = new ArrayList<>();
            final long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime())
                        .as("read " + topic + " to its end in " + DEADLINE)
                        .isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(codec.decode(r.value())));
            }
            return new TransferLedger(events);
        }
    }

    /** Transfers credited or refunded so far, however often. */
    long ended() {
        return events.stream()
                .filter(e -> e instanceof TransferCredited || e instanceof TransferRefunded)
                .count();
    }

    /** How often each transferId was debited. */
    Map<String, Integer> debits() {
        final Map<String, Integer> debits = new HashMap<>();
        events.stream()
                .filter(TransferDebited.class::isInstance)
                .forEach(e -> debits.merge(((TransferDebited) e).getTransferId(), 1, Integer::sum));
        return debits;
    }

    /**
     * Every debit in {@code accepted} and no other; each ended exactly once, credited to its target or refunded to
     * its source; versions 1..n per account; the balances add up to {@code total}.
     */
    void assertSettled(final Set<String> accepted, final BigDecimal total) {
        final Map<String, TransferDebited> debited = new HashMap<>();
        final Map<String, List<SpecificRecord>> endings = new HashMap<>();
        final Map<String, Long> versions = new LinkedHashMap<>();
        final Map<String, BigDecimal> balances = new HashMap<>();
        for (final SpecificRecord event : events) {
            final String account = field(event, "accountId").toString();
            final long version = (Long) field(event, "version");
            assertThat(version)
                    .as("version after %d of %s", versions.getOrDefault(account, 0L), account)
                    .isEqualTo(versions.getOrDefault(account, 0L) + 1);
            versions.put(account, version);
            if (event instanceof AccountOpened opened) {
                balances.put(account, opened.getInitialDeposit());
            } else if (event instanceof TransferDebited d) {
                assertThat(debited.put(d.getTransferId(), d))
                        .as("second debit of %s", d.getTransferId())
                        .isNull();
                balances.merge(account, d.getAmount().negate(), BigDecimal::add);
            } else if (event instanceof TransferCredited c) {
                endings.computeIfAbsent(c.getTransferId(), k -> new ArrayList<>())
                        .add(c);
                balances.merge(account, c.getAmount(), BigDecimal::add);
            } else if (event instanceof TransferRefunded r) {
                endings.computeIfAbsent(r.getTransferId(), k -> new ArrayList<>())
                        .add(r);
                balances.merge(account, r.getAmount(), BigDecimal::add);
            }
        }
        assertThat(debited.keySet()).as("debited transfers = accepted ones").isEqualTo(accepted);
        assertThat(endings.keySet()).as("ended transfers = debited ones").isEqualTo(debited.keySet());
        for (final TransferDebited debit : debited.values()) {
            final List<SpecificRecord> ends = endings.get(debit.getTransferId());
            assertThat(ends)
                    .as("credits and refunds of %s", debit.getTransferId())
                    .hasSize(1);
            if (ends.get(0) instanceof TransferCredited c) {
                assertThat(c.getAccountId()).isEqualTo(debit.getToAccountId());
                assertThat(c.getAmount()).isEqualByComparingTo(debit.getAmount());
            } else {
                final TransferRefunded r = (TransferRefunded) ends.get(0);
                assertThat(r.getAccountId()).isEqualTo(debit.getAccountId());
                assertThat(r.getAmount()).isEqualByComparingTo(debit.getAmount());
            }
        }
        balances.forEach((account, balance) ->
                assertThat(balance.signum()).as("balance of " + account).isNotNegative());
        assertThat(balances.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("the sum of the balances")
                .isEqualByComparingTo(total);
    }

    private static Object field(final SpecificRecord record, final String name) {
        return record.get(record.getSchema().getField(name).pos());
    }
}
