package dev.kes.admin.kafka;

import dev.kes.admin.AdminException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An application's local Kafka Streams state, {@code <state.dir>/<application.id>}: one directory per task
 * ({@code 0_1}) with its stores (and, before Kafka Streams 4.4, a checkpoint file), a lock file, and in some versions
 * the instance's process id file.
 *
 * <p>Deleting it is what {@code KafkaStreams.cleanUp()} does for a stopped instance. This class deletes only what
 * looks like such a directory, so that a mistyped {@code --state-dir} cannot remove anything else.
 */
public final class StateDirectory {
    /** Task directories ({@code 0_1}, named topologies {@code __name__0_1}), the process file, lock files. */
    private static final Pattern STREAMS_ENTRY =
            Pattern.compile("(__.+__)?\\d+_\\d+|kafka-streams-process-metadata|\\.lock|\\.checkpoint");

    private StateDirectory() {}

    /** @return the directory deleted, or empty when there was none */
    public static Optional<Path> delete(final Path stateDir, final String applicationId) {
        final Path appDir = stateDir.resolve(applicationId).toAbsolutePath().normalize();
        if (!Files.exists(appDir)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(appDir)) {
            throw new AdminException(appDir + " is not a directory; not deleting it");
        }
        final List<String> foreign = entries(appDir).stream()
                .filter(name -> !STREAMS_ENTRY.matcher(name).matches())
                .toList();
        if (!foreign.isEmpty()) {
            throw new AdminException(appDir + " does not look like Kafka Streams state (it holds " + foreign
                    + "); not deleting it. Check --state-dir, or delete the directory yourself.");
        }
        try (Stream<Path> tree = Files.walk(appDir)) {
            for (final Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new AdminException("cannot delete " + appDir + ": " + e.getMessage(), e);
        }
        return Optional.of(appDir);
    }

    private static List<String> entries(final Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new AdminException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
