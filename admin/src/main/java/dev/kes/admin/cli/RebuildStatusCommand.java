package dev.kes.admin.cli;

import dev.kes.admin.generations.GenerationProgress;
import dev.kes.admin.generations.ProjectionRebuild;
import dev.kes.admin.kafka.ApplicationGroup;
import java.io.PrintWriter;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** es-admin projection rebuild status: how far a generation is, and whether it may take the traffic. */
@Command(
        name = "status",
        sortOptions = false,
        description = "Show a generation's instances and, per partition, its committed offset, the end offset and "
                + "its lag; and whether cutover would be allowed now. Changes nothing.")
public final class RebuildStatusCommand extends RebuildStepCommand {
    @Option(
            names = "--generation",
            paramLabel = "GENERATION",
            description = "the generation (default: the application id itself)")
    private String generation;

    @Mixin
    private MaxLagOption maxLag;

    @Override
    void run(final PrintWriter out, final Admin admin, final ProjectionRebuild rebuilds) {
        final long maxLag = this.maxLag.value();
        final String applicationId = rebuild.applicationId(generation);
        final String active = rebuilds.generations().active(rebuild.base);
        final GenerationProgress progress = rebuilds.progress(applicationId, events.topic());
        out.println("generation " + applicationId + " of " + rebuild.base
                + (applicationId.equals(active) ? " (active)" : " (active: " + active + ")"));
        final ApplicationGroup.Status group = progress.group();
        out.println("  instances: "
                + (group.protocol() == ApplicationGroup.Protocol.NONE
                        ? "none, it has never run"
                        : group.members().isEmpty()
                                ? "none running"
                                : group.members().size() + " running: " + String.join(", ", group.members())));
        out.println("  partition  committed  end  lag");
        for (final Map.Entry<TopicPartition, Long> entry : progress.lag().entrySet()) {
            final Long committed = progress.committed().get(entry.getKey());
            out.printf(
                    "    %s  %s  %d  %d%n",
                    entry.getKey(),
                    committed == null ? "-" : committed.toString(),
                    progress.end().get(entry.getKey()),
                    entry.getValue());
        }
        out.println("  lag " + progress.totalLag() + " record(s) in all");
        out.println("  cutover: "
                + (applicationId.equals(active)
                        ? "it is the active generation"
                        : !group.isRunning()
                                ? "not yet, no instance of it runs"
                                : progress.totalLag() > maxLag
                                        ? "not yet, lag " + progress.totalLag() + " > " + maxLag
                                        : "allowed (lag " + progress.totalLag() + " <= " + maxLag + ")"));
    }
}
