package dev.kes.admin.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Archive blobs as files under a root directory; a name's '/' separators become directories.
 *
 * <p>A write goes to a hidden temporary file next to its target, is forced to disk, and is then moved to its name
 * atomically, and the directory is forced too: a crash leaves either the whole file or none under the name (and at
 * most a {@code .tmp-…} file, which {@link #list} ignores).
 */
public final class FileSystemArchiveStorage implements ArchiveStorage {
    private static final String TEMPORARY = ".tmp-";

    private final Path root;

    public FileSystemArchiveStorage(final Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void write(final String name, final InputStream content) throws IOException {
        final Path target = resolve(name);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.createDirectories(target.getParent());
        final Path temporary = target.resolveSibling(TEMPORARY + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
                content.transferTo(out);
            }
            force(temporary, false);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            force(target.getParent(), true);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public InputStream read(final String name) throws IOException {
        return Files.newInputStream(resolve(name));
    }

    @Override
    public List<String> list(final String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith(TEMPORARY))
                    .map(file -> root.relativize(file)
                            .toString()
                            .replace(file.getFileSystem().getSeparator(), "/"))
                    .filter(name -> name.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private Path resolve(final String name) {
        final Path path = root.resolve(name).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("not a name inside the archive: " + name);
        }
        return path;
    }

    /** fsync; a directory is forced so that the rename in it is durable (not every platform allows it). */
    private static void force(final Path path, final boolean directory) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e;
            }
        }
    }
}
