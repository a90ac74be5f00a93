package dev.kes.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for a local stack that must keep its Kafka port across a restart (0 would pick another each time). */
final class FreePorts {
    /** The embedded controller listens on the Kafka port + 100. */
    private static final int CONTROLLER_OFFSET = 100;

    private FreePorts() {}

    /** A free port whose +100 neighbour (the embedded controller's) is free too. */
    static int kafkaPort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                final int port = socket.getLocalPort();
                if (port + CONTROLLER_OFFSET < 65536) {
                    try (ServerSocket controller = new ServerSocket(port + CONTROLLER_OFFSET)) {
                        return port;
                    } catch (IOException busy) {
                        // try another
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static int port() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
