package dev.kes.command.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** A raw byte scan of directories: which files hold a value (a name in clear, a wrapped key) anywhere in their bytes. */
public final class FileScan {
    private FileScan() {}

    /** Every regular file under the roots whose bytes contain {@code needle}. */
    public static List<Path> filesContaining(final byte[] needle, final Path... roots) {
        final List<Path> found = new ArrayList<>();
        for (final Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(file -> {
                    if (contains(read(file), needle)) {
                        found.add(file);
                    }
                });
            } catch (NoSuchFileException e) {
                // a directory removed while walking (a deleted partition or a cleaned state dir)
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        }
        return found;
    }

    /** The broker's partition directories of {@code topic} ({@code <topic>-<partition>}) under its data dir. */
    public static Path[] partitionDirs(final Path brokerData, final String topic) {
        try (Stream<Path> dirs = Files.walk(brokerData)) {
            return dirs.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().matches(java.util.regex.Pattern.quote(topic) + "-\\d+"))
                    .toArray(Path[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A name to scan for: letters only, so that no encoding on the way changes its bytes, and unique to the test. */
    public static String uniqueName() {
        final Random random = new Random();
        final StringBuilder name = new StringBuilder("Zqx");
        for (int i = 0; i < 12; i++) {
            name.append((char) ('a' + random.nextInt(26)));
        }
        return name + " Vrbnk";
    }

    private static byte[] read(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0]; // deleted while walking (a rolled or cleaned segment)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
