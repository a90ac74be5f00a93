package dev.kes.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed ports the local stack is about to listen on that something else holds already. Checked before anything
 * starts: Kafka's own handler of a port in use ends the process with pages of stack traces, and a service's would
 * leave the broker started.
 */
final class PortsInUse {
    private PortsInUse() {}

    /** What each port in use is for, e.g. {@code 9192 (the KRaft controller of node 0: --kafka-port + 100)}. */
    static List<String> of(final LocalStackOptions options) {
        final Map<Integer, String> ports = new LinkedHashMap<>();
        if (options.kafkaPort() > 0) {
            for (int node = 0; node < options.brokers(); node++) {
                ports.put(options.kafkaPort() + node, "Kafka of node " + node + ": --kafka-port" + plus(node));
                ports.put(
                        options.kafkaPort() + 100 + node,
                        "the KRaft controller of node " + node + ": --kafka-port" + plus(100 + node));
            }
        }
        if (options.registry()) {
            ports.put(options.registryPort(), "the schema registry: --registry-port");
        }
        if (!options.kafkaOnly()) {
            ports.put(options.commandPort(), "command-service: --command-port");
            ports.put(options.queryPort(), "projection-service: --query-port");
            ports.put(options.transferPort(), "transfer-manager: --transfer-port");
        }
        final List<String> inUse = new ArrayList<>();
        ports.forEach((port, what) -> {
            if (port > 0 && !free(port)) {
                inUse.add(port + " (" + what + ")");
            }
        });
        return inUse;
    }

    private static String plus(final int offset) {
        return offset == 0 ? "" : " + " + offset;
    }

    private static boolean free(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // as the servers bind: a port a stopped run left in TIME_WAIT is free to them. Not on Windows, where the
            // option lets a bind succeed over a port another process listens on
            socket.setReuseAddress(!System.getProperty("os.name", "").startsWith("Windows"));
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
