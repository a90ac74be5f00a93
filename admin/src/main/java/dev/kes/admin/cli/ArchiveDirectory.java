package dev.kes.admin.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** {@code --archive DIR}, checked before anything is read or written: a wrong path is a bad command line. */
final class ArchiveDirectory {
    private ArchiveDirectory() {}

    /**
     * For reading an archive: DIR must be a directory. A missing one would read as an archive without runs, and the
     * history on the topic would then look cut off rather than the path wrong.
     */
    static Path existing(final CommandLine commandLine, final Path dir) {
        if (!Files.exists(dir)) {
            throw new BadValueException(
                    commandLine,
                    "--archive " + dir + " does not exist; it is the directory " + "es-admin archive wrote to");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadValueException(commandLine, "--archive " + dir + " is not a directory");
        }
        return dir;
    }

    /** For writing an archive: DIR is a directory or can be created as one (a dry run must fail as the run would). */
    static Path writable(final CommandLine commandLine, final Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new BadValueException(
                    commandLine,
                    "--archive " + dir
                            + (existing.equals(dir.toAbsolutePath())
                                    ? " is not a directory"
                                    : ": " + existing + " is not a directory"));
        }
        if (existing != null && !Files.isWritable(existing)) {
            throw new BadValueException(commandLine, "--archive " + dir + ": " + existing + " is not writable");
        }
        return dir;
    }
}
