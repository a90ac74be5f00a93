package dev.kes.admin.testing;

import dev.kes.admin.EsAdmin;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.service.kafka.TopicNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs es-admin in-process, as {@code java -jar es-admin.jar …} would, and keeps what it printed. */
public final class Cli {
    private Cli() {}

    public record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = EsAdmin.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code es-admin COMMAND} for {@code applicationId} reading {@code topics.events()}, then {@code more}. */
    public static Run forApplication(
            final String command,
            final KafkaTestCluster kafka,
            final String applicationId,
            final TopicNames topics,
            final String... more) {
        return run(line(List.of(command), kafka, applicationId, topics, List.of(more)));
    }

    /** {@code es-admin COMMAND} reading the events topic {@code eventsTopic}, then {@code more}. */
    public static Run onTopic(
            final String command, final KafkaTestCluster kafka, final String eventsTopic, final String... more) {
        final List<String> line = new ArrayList<>(
                List.of(command, "--bootstrap", kafka.bootstrapServers(), "--events-topic", eventsTopic));
        line.addAll(List.of(more));
        return run(line.toArray(String[]::new));
    }

    /** {@code es-admin archive} of the events of {@code eventsTopic} before {@code before} into {@code archive}. */
    public static Run archive(
            final KafkaTestCluster kafka,
            final String eventsTopic,
            final String before,
            final Path archive,
            final String... more) {
        final List<String> line = new ArrayList<>(List.of("--before", before, "--archive", archive.toString()));
        line.addAll(List.of(more));
        return onTopic("archive", kafka, eventsTopic, line.toArray(String[]::new));
    }

    /**
     * {@code es-admin projection rebuild STEP} for projection {@code base} reading {@code topics.events()}, with the
     * control topic {@code <base>.generations} of its own.
     */
    public static Run rebuild(
            final KafkaTestCluster kafka,
            final TopicNames topics,
            final String base,
            final String step,
            final String... args) {
        final List<String> more = new ArrayList<>(List.of("--control-topic", controlTopic(base)));
        more.addAll(List.of(args));
        return run(line(List.of("projection", "rebuild", step), kafka, base, topics, more));
    }

    /** The control topic of {@link #rebuild}. */
    public static String controlTopic(final String base) {
        return base + ".generations";
    }

    private static String[] line(
            final List<String> command,
            final KafkaTestCluster kafka,
            final String applicationId,
            final TopicNames topics,
            final List<String> more) {
        final List<String> line = new ArrayList<>(command);
        line.addAll(List.of(
                "--bootstrap",
                kafka.bootstrapServers(),
                "--application-id",
                applicationId,
                "--events-topic",
                topics.events()));
        line.addAll(more);
        return line.toArray(String[]::new);
    }
}
