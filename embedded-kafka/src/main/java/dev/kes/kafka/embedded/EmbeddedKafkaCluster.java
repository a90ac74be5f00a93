package dev.kes.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster in KRaft mode, started in-process from Kafka's own server classes:
 * {@code N} nodes, each a combined broker+controller ({@code kafka.server.KafkaRaftServer}), forming a static
 * KRaft quorum. All listeners bind to 127.0.0.1.
 * <p>
 * Ports: with {@code kafkaPort(P)}, node {@code i} serves clients (PLAINTEXT, or SASL_PLAINTEXT with
 * {@link Builder#saslPlain}) on {@code P+i} and the quorum (CONTROLLER listener, always PLAINTEXT) on
 * {@code P+100+i}; with the default 0, free ports are picked at start.
 * <p>
 * Storage: a persistent {@code dataDir} is formatted on first start and reused afterwards (the cluster id is
 * kept in each node's {@code meta.properties}); Kafka's log recovery makes it survive a {@code kill -9}.
 * Without one, a temporary dir is used and deleted on {@link #close()}.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final int brokers;
    private final Path configuredDataDir;
    private final int kafkaPort;
    private final Map<String, String> brokerProperties;
    private final Map<String, String> saslUsers;
    /** The brokers' own SASL password, new for every cluster object: it never leaves this process. */
    private final String brokerPassword = UUID.randomUUID().toString();

    private volatile Path dataDir;
    private boolean temporaryDir;
    private volatile ClusterPorts ports;
    private final List<KafkaNode> nodes = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private EmbeddedKafkaCluster(Builder builder) {
        this.brokers = builder.brokers;
        this.configuredDataDir = builder.dataDir;
        this.kafkaPort = builder.kafkaPort;
        this.brokerProperties = Map.copyOf(builder.brokerProperties);
        this.saslUsers = Map.copyOf(builder.saslUsers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int brokers = 1;
        private Path dataDir;
        private int kafkaPort;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final Map<String, String> saslUsers = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Clients must authenticate with SASL/PLAIN as one of these users (name → password): the client listener
         * becomes SASL_PLAINTEXT (see {@link SaslPlain#clientProperties}); the controller listener stays PLAINTEXT.
         * No authorizer: every authenticated user may do everything.
         */
        public Builder saslPlain(Map<String, String> users) {
            SaslPlain.validate(users);
            saslUsers.putAll(users);
            return this;
        }

        /** Number of combined broker+controller nodes (default 1); more than 1 forms a KRaft quorum. */
        public Builder brokers(int n) {
            if (n < 1 || n > ClusterPorts.MAX_NODES) {
                throw new IllegalArgumentException("brokers must be in 1.." + ClusterPorts.MAX_NODES + ": " + n);
            }
            this.brokers = n;
            return this;
        }

        /** Persistent storage dir (formatted on first start, reused afterwards); null = temporary dir. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Client port of node 0 (node i: port+i, its controller port: port+100+i); 0 = free ports. */
        public Builder kafkaPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("kafkaPort out of range: " + port);
            }
            this.kafkaPort = port;
            return this;
        }

        /** Extra or overriding server property for every node (listeners, node id and dirs are managed). */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }
    }

    /** Formats storage if needed, starts all nodes and blocks until every broker is ready; returns this. */
    public synchronized EmbeddedKafkaCluster start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        long begin = System.nanoTime();
        try {
            ports = ClusterPorts.of(kafkaPort, brokers);
            temporaryDir = configuredDataDir == null;
            dataDir = temporaryDir ? Files.createTempDirectory("embedded-kafka-") : configuredDataDir;
            StorageFormatter.formatIfNeeded(dataDir, brokers);
            for (int i = 0; i < brokers; i++) {
                Path nodeDir = StorageFormatter.nodeDir(dataDir, i);
                nodes.add(new KafkaNode(
                        i,
                        NodeConfig.forNode(
                                i,
                                nodeDir,
                                ports,
                                brokerProperties,
                                saslUsers.isEmpty() ? null : SaslPlain.brokerJaasConfig(brokerPassword, saslUsers)),
                        ports.voters()));
            }
            startInParallel(nodes);
            awaitBrokers(id -> true);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot start embedded Kafka", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info(
                "Embedded Kafka ({} node(s), {}) started in {} ms at {}",
                brokers,
                dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
                bootstrapServers());
        return this;
    }

    /** The client addresses of all nodes, e.g. {@code 127.0.0.1:9092,127.0.0.1:9093}. */
    public String bootstrapServers() {
        if (ports == null) {
            throw new IllegalStateException("not started");
        }
        return bootstrapServers(id -> true);
    }

    public int size() {
        return brokers;
    }

    /** What clients must set as {@code security.protocol}: {@code PLAINTEXT}, or {@code SASL_PLAINTEXT}. */
    public String securityProtocol() {
        return saslUsers.isEmpty() ? NodeConfig.CLIENT_LISTENER : SaslPlain.PROTOCOL;
    }

    /** Cleanly shuts down node {@code index} (controlled shutdown), e.g. for fault tests. */
    public synchronized void stopBroker(int index) {
        node(index).stop();
        LOG.info("Embedded Kafka node {} stopped", index);
    }

    /** Restarts a stopped node on the same dirs and ports; blocks until the cluster sees it again. */
    public synchronized void startBroker(int index) {
        KafkaNode node = node(index);
        node.start();
        awaitBrokers(id -> id == index);
        LOG.info("Embedded Kafka node {} restarted", index);
    }

    /** The storage dir: the configured one, or the temporary one once started. */
    public Path dataDir() {
        return dataDir != null ? dataDir : configuredDataDir;
    }

    /** Stops all nodes; deletes the data dir only when it is a temporary one. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // all brokers first, while the quorum is complete, so that every controlled shutdown gets approved
        inParallel(nodes, "stop-broker", KafkaNode::stopBroker);
        inParallel(nodes, "stop-controller", KafkaNode::stopController);
        if (temporaryDir && dataDir != null) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                LOG.warn("Cannot delete {}", dataDir, e);
            }
        }
        LOG.info("Embedded Kafka stopped");
    }

    private KafkaNode node(int index) {
        if (!started || closed) {
            throw new IllegalStateException("cluster is not running");
        }
        if (index < 0 || index >= nodes.size()) {
            throw new IllegalArgumentException("no node " + index + " (size " + nodes.size() + ")");
        }
        return nodes.get(index);
    }

    /** A node's broker startup waits for the quorum, so nodes must start concurrently. */
    private static void startInParallel(List<KafkaNode> nodes) {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (KafkaNode node : nodes) {
            starts.add(CompletableFuture.runAsync(node::start, runnable -> newThread("start", node.id(), runnable)));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** Runs the action on every node concurrently; logs (does not throw) failures. */
    private static void inParallel(List<KafkaNode> nodes, String name, Consumer<KafkaNode> action) {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (KafkaNode node : nodes) {
            runs.add(CompletableFuture.runAsync(() -> action.accept(node), r -> newThread(name, node.id(), r)));
        }
        for (CompletableFuture<Void> run : runs) {
            try {
                run.join();
            } catch (CompletionException e) {
                LOG.warn("{} failed", name, e.getCause());
            }
        }
    }

    private static void newThread(String action, int node, Runnable runnable) {
        Thread thread = new Thread(runnable, "embedded-kafka-" + action + "-" + node);
        thread.setDaemon(true);
        thread.start();
    }

    private String bootstrapServers(IntPredicate include) {
        StringJoiner servers = new StringJoiner(",");
        for (int i = 0; i < brokers; i++) {
            if (include.test(i)) {
                servers.add(NodeConfig.HOST + ":" + ports.clientPort(i));
            }
        }
        return servers.toString();
    }

    /** Waits until the brokers of all running nodes matching {@code filter} are in the cluster metadata. */
    private void awaitBrokers(IntPredicate filter) {
        Set<Integer> expected = nodes.stream()
                .filter(KafkaNode::isRunning)
                .map(KafkaNode::id)
                .filter(filter::test)
                .collect(Collectors.toSet());
        String bootstrap = bootstrapServers(id -> nodes.get(id).isRunning());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> props = new HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
        if (!saslUsers.isEmpty()) {
            props.putAll(SaslPlain.clientProperties(SaslPlain.BROKER_USER, brokerPassword));
        }
        try (Admin admin = Admin.create(props)) {
            Set<Integer> seen = Set.of();
            while (System.nanoTime() < deadline) {
                try {
                    seen = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
                            .map(Node::id)
                            .collect(Collectors.toSet());
                    if (seen.containsAll(expected)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("describeCluster failed, retrying", e);
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException(
                    "Brokers " + expected + " not ready after " + READY_TIMEOUT + " (seen " + seen + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for brokers", e);
        }
    }
}
