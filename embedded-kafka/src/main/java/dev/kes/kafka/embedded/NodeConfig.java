package dev.kes.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/** Builds the server properties of one combined broker+controller node. */
final class NodeConfig {
    static final String HOST = "127.0.0.1";
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String SASL_CLIENT_LISTENER = SaslPlain.PROTOCOL;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private NodeConfig() {}

    /** Single-machine defaults; every one can be overridden with {@code brokerProperty}. */
    static Map<String, String> defaults(int nodes) {
        String rf = Integer.toString(Math.min(3, nodes));
        String minIsr = Integer.toString(Math.min(2, nodes));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "3");
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        // small footprint: the log cleaner's dedupe buffer is allocated eagerly (default 128 MiB)
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        // a broker restarted after a kill -9 (or a node restarted in a quorum) cannot register again before its
        // previous session expired: 3 s instead of Kafka's 9 s; heartbeats every 500 ms instead of 2 s
        p.put("broker.heartbeat.interval.ms", "500");
        // a transaction that starts while the previous one's markers are still being written is answered
        // CONCURRENT_TRANSACTIONS; the broker retries adding its partitions after 5 ms instead of 20 (ADR 0017)
        p.put("add.partitions.to.txn.retry.backoff.ms", "5");
        p.put("broker.session.timeout.ms", "3000");
        return p;
    }

    /**
     * Fixed settings (node identity, listeners, quorum, directories) win over overrides. With a {@code sasl}
     * broker JAAS entry, the client (and inter-broker) listener is SASL_PLAINTEXT with PLAIN; the controller
     * listener stays PLAINTEXT either way.
     */
    static Properties forNode(
            int nodeId, Path nodeDir, ClusterPorts ports, Map<String, String> overrides, String saslJaasConfig) {
        Properties props = new Properties();
        props.putAll(defaults(ports.size()));
        props.putAll(overrides);
        String client = saslJaasConfig == null ? CLIENT_LISTENER : SASL_CLIENT_LISTENER;
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", voters(ports));
        props.put(
                "listeners",
                client + "://" + HOST + ":" + ports.clientPort(nodeId) + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + ports.controllerPort(nodeId));
        props.put("advertised.listeners", client + "://" + HOST + ":" + ports.clientPort(nodeId));
        props.put("listener.security.protocol.map", client + ":" + client + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", client);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("log.dirs", nodeDir.toAbsolutePath().toString());
        if (saslJaasConfig != null) {
            props.put("sasl.enabled.mechanisms", SaslPlain.MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", SaslPlain.MECHANISM);
            props.put("listener.name." + client.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config", saslJaasConfig);
        }
        return props;
    }

    static String voters(ClusterPorts ports) {
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < ports.size(); i++) {
            voters.add(i + "@" + HOST + ":" + ports.controllerPort(i));
        }
        return voters.toString();
    }
}
