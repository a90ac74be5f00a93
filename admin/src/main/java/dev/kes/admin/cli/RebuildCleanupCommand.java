package dev.kes.admin.cli;

import dev.kes.admin.generations.ProjectionRebuild;
import java.io.PrintWriter;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** es-admin projection rebuild cleanup: remove an inactive, stopped generation's group and internal topics. */
@Command(
        name = "cleanup",
        sortOptions = false,
        description = {
            "Delete an old generation's consumer group and internal topics (changelogs, repartition topics).",
            "Refuses for the active generation and while any instance of it runs."
        })
public final class RebuildCleanupCommand extends RebuildStepCommand {
    @Option(
            names = "--generation",
            paramLabel = "GENERATION",
            description = "the generation to remove (default: the application id itself, the first generation)")
    private String generation;

    @Option(names = "--dry-run", description = "show what would be deleted, delete nothing")
    private boolean dryRun;

    @Override
    void run(final PrintWriter out, final Admin admin, final ProjectionRebuild rebuilds) {
        final String applicationId = rebuild.applicationId(generation);
        final ProjectionRebuild.Cleanup cleanup = rebuilds.cleanup(rebuild.base, applicationId, events.topic());
        out.println("cleanup " + applicationId);
        out.println("  consumer group to delete: " + (cleanup.group() ? applicationId : "none"));
        out.println("  internal topics to delete:" + (cleanup.internalTopics().isEmpty() ? " none" : ""));
        cleanup.internalTopics().forEach(topic -> out.println("    " + topic));
        if (dryRun) {
            out.println("Dry run: nothing changed.");
            return;
        }
        rebuilds.apply(cleanup);
        out.println("Done: delete <state.dir>/" + applicationId + " on every host that ran it.");
    }
}
