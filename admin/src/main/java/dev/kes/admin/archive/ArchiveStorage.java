package dev.kes.admin.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where archive files go: named blobs under '/'-separated names ({@code account-events/run-…/manifest.json}).
 *
 * <p>{@link FileSystemArchiveStorage} keeps them under a directory. Object storage (S3, GCS, Azure Blob) is another
 * implementation of the same three calls: {@code write} a PUT (a multipart upload for large files) that becomes
 * visible only once complete, {@code read} a GET, {@code list} a listing by key prefix. The archive relies on
 * nothing else: no rename, no append, no directory.
 */
public interface ArchiveStorage {
    /**
     * Stores {@code content} under {@code name}, replacing nothing: it fails if the name exists. The blob is durable
     * and visible under its name, completely or not at all, when this returns.
     */
    void write(String name, InputStream content) throws IOException;

    /** Opens a stored blob; the caller closes the stream. */
    InputStream read(String name) throws IOException;

    /** The names starting with {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Where the storage is, for messages. */
    String describe();
}
