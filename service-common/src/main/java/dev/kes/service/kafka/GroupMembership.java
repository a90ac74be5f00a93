package dev.kes.service.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How an instance of either service belongs to its Kafka Streams group (docs/adr/0008): a static member under an id
 * that stays the same when the instance restarts, with a bounded session. A killed instance that comes back gets
 * its partitions back without a rebalance, so the other instances never stop; one that does not come back loses
 * its partitions after {@link #SESSION_TIMEOUT_MS}, not Kafka's 45 s.
 */
public final class GroupMembership {
    /** Below the 10 s transaction timeout of exactly-once, at or above the broker's 6 s minimum. */
    public static final int SESSION_TIMEOUT_MS = 10_000;

    private static final String INSTANCE_ID = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;
    /** Kafka's limit for group.instance.id, which may hold only these characters. */
    private static final int MAX_ID_LENGTH = 249;

    private static final int MAX_PART_LENGTH = 100;

    private GroupMembership() {}

    /**
     * The Streams properties of membership: {@code group.instance.id} of the main consumer and
     * {@code session.timeout.ms}, each unless the operator's {@code streams.*} properties set it themselves.
     *
     * @param instanceId the {@code instance.id} setting; blank derives one from this host and {@code stateDir}
     */
    public static Map<String, Object> streamsProperties(
            final String instanceId, final String stateDir, final Map<String, Object> operatorStreams) {
        final Map<String, Object> props = new HashMap<>();
        if (!namesGroupInstance(operatorStreams)) {
            props.put(StreamsConfig.mainConsumerPrefix(INSTANCE_ID), instanceId(instanceId, stateDir));
        }
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        return props;
    }

    /**
     * The id of this instance: the configured one, or {@code <host>-<state dir name>-<hash of its absolute path>}.
     * Every instance has a state dir of its own (Kafka Streams locks it), so the derived id is unique per host and
     * stable across restarts on the same dir.
     */
    public static String instanceId(final String configured, final String stateDir) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        final Path dir = Path.of(stateDir).toAbsolutePath().normalize();
        final Path name = dir.getFileName();
        final String id = legal(hostName()) + "-" + legal(name == null ? "root" : name.toString()) + "-"
                + sha256Prefix(dir.toString());
        return id.length() <= MAX_ID_LENGTH ? id : id.substring(id.length() - MAX_ID_LENGTH);
    }

    /**
     * What a stopping instance does with its group membership. It leaves, so that the others take over its
     * partitions at once when it is scaled in or stopped for good; only an instance its operator named
     * ({@code instance.id} or a {@code streams.*group.instance.id}) stays, as that operator has said it comes back,
     * and it then gets its partitions back without a rebalance.
     */
    public static GroupMembershipOperation onClose(final String instanceId, final Map<String, Object> operatorStreams) {
        final boolean named = (instanceId != null && !instanceId.isBlank()) || namesGroupInstance(operatorStreams);
        return named ? GroupMembershipOperation.REMAIN_IN_GROUP : GroupMembershipOperation.LEAVE_GROUP;
    }

    private static boolean namesGroupInstance(final Map<String, Object> operatorStreams) {
        return operatorStreams.keySet().stream().anyMatch(key -> key.endsWith(INSTANCE_ID));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            final String fromEnv = System.getenv().getOrDefault("HOSTNAME", System.getenv("COMPUTERNAME"));
            return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv;
        }
    }

    private static String legal(final String text) {
        final String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return cleaned.length() <= MAX_PART_LENGTH ? cleaned : cleaned.substring(0, MAX_PART_LENGTH);
    }

    private static String sha256Prefix(final String text) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
