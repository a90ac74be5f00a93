package dev.kes.shipped;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/** The ports of one local-stack.jar run, free on this machine, and the run itself. */
record LocalStackPorts(int kafka, int command, int query, int transfer, int registry) {

    static LocalStackPorts free() throws IOException {
        return new LocalStackPorts(
                kafkaPort(),
                JarProcess.freePort(),
                JarProcess.freePort(),
                JarProcess.freePort(),
                JarProcess.freePort());
    }

    /** Starts local-stack.jar with its data and log in {@code dir}; returns once the command and query APIs are ready. */
    JarProcess start(final Path dir) throws IOException {
        final JarProcess stack = JarProcess.start(
                JarProcess.jar("local-stack"), "-Xmx512m", Map.of(), dir.resolve("local-stack.log"), arguments(dir));
        try {
            stack.awaitReady(command);
            stack.awaitReady(query);
        } catch (RuntimeException | AssertionError notReady) {
            stack.close();
            throw notReady;
        }
        return stack;
    }

    /** The command line of a run with its data in {@code dir}. */
    String[] arguments(final Path dir) {
        return new String[] {
            "--data-dir",
            dir.resolve("data").toString(),
            "--kafka-port",
            String.valueOf(kafka),
            "--command-port",
            String.valueOf(command),
            "--query-port",
            String.valueOf(query),
            "--transfer-port",
            String.valueOf(transfer),
            "--registry-port",
            String.valueOf(registry)
        };
    }

    /** A free port whose controller port (N+100, the local stack's rule) is free too. */
    private static int kafkaPort() throws IOException {
        while (true) {
            final int port = JarProcess.freePort();
            if (port + 100 <= 65535) {
                try {
                    new ServerSocket(port + 100).close();
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
    }
}
