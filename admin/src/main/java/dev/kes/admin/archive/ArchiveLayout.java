package dev.kes.admin.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names of the archive's files: one directory per topic, one per run, one Avro file per partition, the manifest last.
 *
 * <pre>
 * &lt;topic&gt;/run-&lt;cutoff&gt;-&lt;runId&gt;/partition-&lt;p&gt;-&lt;fromOffset&gt;-&lt;toOffset&gt;.avro
 * &lt;topic&gt;/run-&lt;cutoff&gt;-&lt;runId&gt;/manifest.json
 * </pre>
 *
 * The cutoff is written {@code 20260101T000000Z} (no ':' so that the names are valid everywhere); toOffset is
 * exclusive.
 */
public final class ArchiveLayout {
    public static final String MANIFEST = "manifest.json";
    private static final DateTimeFormatter COMPACT =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ArchiveLayout() {}

    public static String topicPrefix(final String topic) {
        return topic + "/";
    }

    public static String runDirectory(final String topic, final Instant cutoff, final String runId) {
        return topicPrefix(topic) + "run-" + COMPACT.format(cutoff) + "-" + runId;
    }

    public static String partitionFile(final String runDirectory, final int partition, final long from, final long to) {
        return runDirectory + "/partition-" + partition + "-" + from + "-" + to + ".avro";
    }

    public static String manifest(final String runDirectory) {
        return runDirectory + "/" + MANIFEST;
    }

    public static boolean isManifest(final String name) {
        return name.endsWith("/" + MANIFEST);
    }

    /** The run directory a file of it is in. */
    public static String runDirectoryOf(final String name) {
        return name.substring(0, name.lastIndexOf('/'));
    }
}
