package dev.kes.admin.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client settings of the tool: the user's properties (bootstrap, SASL/SSL …) with what the tool's correctness
 * depends on forced on top.
 */
public final class Clients {
    static final String CLIENT_ID = "es-admin";

    private Clients() {}

    /**
     * A consumer that reads with {@code assign()}, commits nothing and sees only committed transactions, as the
     * services do: the command service writes events and snapshots in transactions, and an aborted attempt's
     * records stay in the log.
     */
    public static Map<String, Object> consumer(final Map<String, ?> kafka) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // no group: a group.id from a shared client.properties must not make this reader join or commit anywhere
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        return props;
    }

    /** An idempotent producer with acks=all: a retried send is neither lost nor written twice nor reordered. */
    public static Map<String, Object> producer(final Map<String, ?> kafka) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        return props;
    }

    /** An Admin client whose calls give up after {@code timeout} instead of the default minute. */
    public static Admin admin(final Map<String, ?> kafka, final Duration timeout) {
        final Map<String, Object> props = new HashMap<>(kafka);
        final int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 30_000));
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        return Admin.create(props);
    }
}
