package dev.kes.kafka.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a base port P such that P..P+n-1 and P+100..P+100+n-1 are free on 127.0.0.1. */
final class FreePorts {
    private FreePorts() {}

    static int base(int nodes) {
        for (int attempt = 0; attempt < 100; attempt++) {
            // below the Linux ephemeral range (32768+), so outgoing connections do not take them
            int base = ThreadLocalRandom.current().nextInt(15_000, 30_000);
            if (allFree(base, nodes) && allFree(base + ClusterPorts.CONTROLLER_PORT_OFFSET, nodes)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }

    private static boolean allFree(int from, int count) {
        for (int port = from; port < from + count; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
