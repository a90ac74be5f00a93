package dev.kes.kafka.embedded;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import kafka.server.StandardFaultHandlerFactory;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One combined broker+controller node, assembled from Kafka's server classes the way
 * {@code kafka.server.KafkaRaftServer} does, but with broker and controller stoppable separately: stopping all
 * brokers before any controller lets every broker finish its controlled shutdown while the quorum is alive.
 * Restartable on the same config (dirs, ports).
 */
final class KafkaNode {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);
    /** Upper bound of the wait for the controller to approve a controlled shutdown (Kafka's default: 5 min). */
    private static final Duration CONTROLLED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final int id;
    private final Properties props;
    private final Map<Integer, InetSocketAddress> voters;
    private ControllerServer controller;
    private BrokerServer broker;

    KafkaNode(int id, Properties props, Map<Integer, InetSocketAddress> voters) {
        this.id = id;
        this.props = props;
        this.voters = Map.copyOf(voters);
    }

    int id() {
        return id;
    }

    synchronized boolean isRunning() {
        return broker != null || controller != null;
    }

    /** Starts controller then broker; blocks until the broker is registered and unfenced (needs a quorum). */
    synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("node " + id + " is already running");
        }
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> storage =
                KafkaRaftServer.initializeLogDirs(config, LOG, "[node " + id + "] ");
        String clusterId = storage._1().clusterId().orElseThrow();
        Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, clusterId);
        SharedServer shared = new SharedServer(
                config,
                storage._1(),
                Time.SYSTEM,
                metrics,
                CompletableFuture.completedFuture(voters),
                List.of(),
                new StandardFaultHandlerFactory(),
                ServerSocketFactory.INSTANCE);
        try {
            controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), storage._2());
            broker = new BrokerServer(shared);
            controller.startup();
            broker.startup();
        } catch (RuntimeException e) {
            LOG.warn("node {} failed to start", id, e);
            stop();
            throw e;
        }
        LOG.debug("node {} started", id);
    }

    /** Controlled shutdown of the broker (leaderships move away first); no-op when not running. */
    synchronized void stopBroker() {
        if (broker != null) {
            BrokerServer stopping = broker;
            broker = null;
            stopping.shutdown(CONTROLLED_SHUTDOWN_TIMEOUT);
            stopping.awaitShutdown();
        }
    }

    /** Stops the controller (and the shared raft client); no-op when not running. */
    synchronized void stopController() {
        if (controller != null) {
            ControllerServer stopping = controller;
            controller = null;
            stopping.shutdown();
            stopping.awaitShutdown();
        }
    }

    /** Clean shutdown of the whole node: broker first, then controller, as KafkaRaftServer does. */
    synchronized void stop() {
        try {
            stopBroker();
        } finally {
            stopController();
        }
        LOG.debug("node {} stopped", id);
    }
}
