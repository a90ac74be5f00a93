package dev.kes.kafka.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service's main class in a JVM of its own, for tests that kill it (SIGKILL): only a child process can die
 * without running its shutdown hooks while the test goes on.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * Starts {@code mainClass} on this JVM's class path, its output appended to {@code log}, configured by
     * {@code settings} (service configuration keys, passed as the environment variables the service reads:
     * {@code kafka.bootstrap.servers} as KAFKA_BOOTSTRAP_SERVERS, {@code http.port} as KES_HTTP_PORT). Inherited
     * KES_ and KAFKA_ variables are removed, so that a developer's shell cannot leak in; nothing else is set, so
     * the child runs on the service's own defaults (its group membership and session timeout included).
     */
    public static Process start(final Class<?> mainClass, final Map<String, String> settings, final Path log)
            throws IOException {
        final String java =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        mainClass.getName()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        final Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KES_") || name.startsWith("KAFKA_"));
        settings.forEach((key, value) -> env.put(environmentVariable(key), value));
        return builder.start();
    }

    /** The inverse of the services' mapping (Settings): {@code kafka.a.b} is KAFKA_A_B, {@code a.b} is KES_A_B. */
    private static String environmentVariable(final String key) {
        final String name = key.toUpperCase(Locale.ROOT).replace('.', '_');
        return key.startsWith("kafka.") ? name : "KES_" + name;
    }

    /** The last 40 lines of a child's log, for the message of a test that saw it die or hang. */
    public static String tail(final Path log) {
        try {
            final List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A port free now, for a child that must come back on the same one after it is killed. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
