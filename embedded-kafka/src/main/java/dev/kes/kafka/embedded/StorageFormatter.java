package dev.kes.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the storage of the nodes with Kafka's own {@link Formatter} (what {@code kafka-storage.sh format}
 * does) on first start, and checks it on later starts.
 * <p>
 * Layout: {@code DIR/node-<i>/} is both {@code log.dirs} and the metadata log dir of node {@code i};
 * its {@code meta.properties} holds the cluster id. {@code DIR/embedded-kafka.properties} is written once
 * every node is formatted and records the node count, since a static KRaft quorum cannot change size.
 */
final class StorageFormatter {
    static final String MARKER_FILE = "embedded-kafka.properties";
    private static final Logger LOG = LoggerFactory.getLogger(StorageFormatter.class);

    private StorageFormatter() {}

    static Path nodeDir(Path dataDir, int node) {
        return dataDir.resolve("node-" + node);
    }

    /** Formats {@code nodes} nodes under {@code dataDir} unless already done; returns the cluster id. */
    static String formatIfNeeded(Path dataDir, int nodes) {
        try {
            Files.createDirectories(dataDir);
            Path marker = dataDir.resolve(MARKER_FILE);
            if (Files.exists(marker)) {
                return verify(dataDir, nodes, load(marker));
            }
            for (int i = 0; i < nodes; i++) {
                if (Files.exists(nodeDir(dataDir, i).resolve("meta.properties"))) {
                    throw new IllegalStateException(
                            dataDir + " holds node storage but no " + MARKER_FILE
                                    + " (an interrupted format, or not an embedded-kafka data dir): delete it or use another dir");
                }
            }
            String clusterId = Uuid.randomUuid().toString();
            for (int i = 0; i < nodes; i++) {
                format(nodeDir(dataDir, i), i, clusterId);
            }
            Properties props = new Properties();
            props.setProperty("cluster.id", clusterId);
            props.setProperty("brokers", Integer.toString(nodes));
            store(props, marker);
            LOG.info("Formatted {} node(s) in {} with cluster id {}", nodes, dataDir, clusterId);
            return clusterId;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka storage in " + dataDir, e);
        }
    }

    private static String verify(Path dataDir, int nodes, Properties marker) throws IOException {
        String clusterId = marker.getProperty("cluster.id");
        int formatted = Integer.parseInt(marker.getProperty("brokers", "-1"));
        if (formatted != nodes) {
            throw new IllegalStateException(dataDir + " was formatted for " + formatted + " broker(s), not " + nodes
                    + ": a KRaft quorum cannot change size here");
        }
        for (int i = 0; i < nodes; i++) {
            Path meta = nodeDir(dataDir, i).resolve("meta.properties");
            String nodeClusterId = Files.exists(meta) ? load(meta).getProperty("cluster.id") : null;
            if (!clusterId.equals(nodeClusterId)) {
                throw new IllegalStateException(
                        meta + " is missing or has cluster id " + nodeClusterId + " instead of " + clusterId);
            }
        }
        LOG.debug("Reusing storage in {} (cluster id {})", dataDir, clusterId);
        return clusterId;
    }

    private static void format(Path nodeDir, int nodeId, String clusterId) throws IOException {
        Files.createDirectories(nodeDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .addDirectory(nodeDir.toAbsolutePath().toString())
                    .setMetadataLogDirectory(nodeDir.toAbsolutePath().toString())
                    .setControllerListenerName(NodeConfig.CONTROLLER_LISTENER)
                    .run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format " + nodeDir, e);
        }
        LOG.debug("Formatter: {}", out.toString(StandardCharsets.UTF_8).trim());
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        return props;
    }

    private static void store(Properties props, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(writer, "embedded-kafka storage; do not edit");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
