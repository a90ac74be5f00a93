package dev.kes.admin.archive;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an archive run did, or would do (dry run).
 *
 * @param manifest       the run written, or that would be written; null when there was nothing new to archive
 * @param logStartBefore per partition, the topic's log start offset before the run
 * @param truncatedTo    per partition truncated (on a dry run: to be truncated), the new log start offset; empty
 *                       with --no-truncate
 * @param warnings       things the operator should know (offsets deleted without being archived …)
 */
public record ArchiveResult(
        ArchiveManifest manifest,
        boolean dryRun,
        Map<Integer, Long> logStartBefore,
        Map<Integer, Long> truncatedTo,
        List<String> warnings) {
    public ArchiveResult {
        logStartBefore = new TreeMap<>(logStartBefore);
        truncatedTo = new TreeMap<>(truncatedTo);
        warnings = List.copyOf(warnings);
    }

    public boolean archivedAnything() {
        return manifest != null;
    }
}
