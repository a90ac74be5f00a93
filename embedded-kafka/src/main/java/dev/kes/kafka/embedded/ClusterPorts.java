package dev.kes.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ports of the nodes of a cluster, all bound to 127.0.0.1.
 * <p>
 * With a fixed base port {@code P}: node {@code i} listens for clients on {@code P+i} and for
 * controller (KRaft quorum) traffic on {@code P+100+i}. With base port 0, free ports are picked
 * once (so a stopped node restarts on the same ports).
 */
final class ClusterPorts {
    static final int CONTROLLER_PORT_OFFSET = 100;
    static final int MAX_NODES = CONTROLLER_PORT_OFFSET;

    private final List<Integer> client;
    private final List<Integer> controller;

    private ClusterPorts(List<Integer> client, List<Integer> controller) {
        this.client = List.copyOf(client);
        this.controller = List.copyOf(controller);
    }

    static ClusterPorts of(int basePort, int nodes) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("brokers must be in 1.." + MAX_NODES + ": " + nodes);
        }
        return basePort == 0 ? free(nodes) : fixed(basePort, nodes);
    }

    private static ClusterPorts fixed(int basePort, int nodes) {
        if (basePort < 1 || basePort + CONTROLLER_PORT_OFFSET + nodes - 1 > 65535) {
            throw new IllegalArgumentException("kafkaPort out of range: " + basePort);
        }
        List<Integer> client = new ArrayList<>();
        List<Integer> controller = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            client.add(basePort + i);
            controller.add(basePort + CONTROLLER_PORT_OFFSET + i);
        }
        return new ClusterPorts(client, controller);
    }

    /** Asks the OS for 2*nodes distinct free ports (all held open at once, then released). */
    private static ClusterPorts free(int nodes) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 2 * nodes; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports.add(socket.getLocalPort());
            }
            return new ClusterPorts(ports.subList(0, nodes), ports.subList(nodes, 2 * nodes));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    int clientPort(int node) {
        return client.get(node);
    }

    int controllerPort(int node) {
        return controller.get(node);
    }

    /** The controller endpoints of all nodes, as Kafka parses {@code controller.quorum.voters}. */
    Map<Integer, InetSocketAddress> voters() {
        Map<Integer, InetSocketAddress> voters = new LinkedHashMap<>();
        for (int i = 0; i < controller.size(); i++) {
            voters.put(i, InetSocketAddress.createUnresolved(NodeConfig.HOST, controller.get(i)));
        }
        return voters;
    }

    int size() {
        return client.size();
    }
}
