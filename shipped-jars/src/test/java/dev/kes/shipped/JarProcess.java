package dev.kes.shipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A shipped jar run as a user runs it, {@code java -jar target/x.jar …}, in a process of its own with its output in a
 * log file. Configured by environment variables and arguments only; inherited KES_ and KAFKA_ variables are removed,
 * so that a developer's shell cannot leak in.
 */
final class JarProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private JarProcess(final String name, final Process process, final Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** What a jar printed and how it exited. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The jar a module packaged, named by the system property {@code jar.<module>} the build sets. */
    static Path jar(final String module) {
        final String path = System.getProperty("jar." + module);
        assertThat(path)
                .as("system property jar." + module + " (set by shipped-jars/pom.xml)")
                .isNotNull();
        final Path jar = Path.of(path).normalize();
        assertThat(jar)
                .as("the packaged jar of " + module + ": build it first (mvnw package)")
                .isRegularFile();
        return jar;
    }

    /** Starts {@code java -jar jar args}, stdout and stderr appended to {@code log}. */
    static JarProcess start(
            final Path jar, final String heap, final Map<String, String> env, final Path log, final String... args)
            throws IOException {
        final ProcessBuilder builder = builder(jar, heap, env, args)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new JarProcess(jar.getFileName().toString(), builder.start(), log);
    }

    /** Runs {@code java -jar jar args} to its end, keeping stdout and stderr apart. */
    static Run run(final Path jar, final Path dir, final String... args) throws Exception {
        return run(jar, dir, Map.of(), args);
    }

    /** The same with the environment variables {@code env}. */
    static Run run(final Path jar, final Path dir, final Map<String, String> env, final String... args)
            throws Exception {
        final Path out = Files.createTempFile(dir, "stdout-", ".txt");
        final Path err = Files.createTempFile(dir, "stderr-", ".txt");
        final Process process = builder(jar, "-Xmx256m", env, args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(jar.getFileName() + " " + String.join(" ", args) + " did not end in 120 s\n"
                    + Files.readString(out) + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static ProcessBuilder builder(
            final Path jar, final String heap, final Map<String, String> env, final String... args) {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("KES_") || key.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        return builder;
    }

    /** Waits until {@code GET http://127.0.0.1:port/health/ready} answers 200; fails with the log if it dies. */
    void awaitReady(final int port) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(process.isAlive())
                            .as(() -> name + " exited\n" + log())
                            .isTrue();
                    assertThat(status(port)).as(name + " ready on " + port).isEqualTo(200);
                });
    }

    private static int status(final int port) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** kill -9: it ends at once, without running its shutdown hooks. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks it to stop (SIGTERM) without waiting: several processes then shut down side by side. */
    void terminate() {
        process.destroy();
    }

    /** Stops it as a service manager would: SIGTERM, then SIGKILL if it has not ended after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A port free now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
