package dev.kes.admin.cli;

import dev.kes.admin.AdminException;
import dev.kes.admin.archive.ArchiveReader;
import dev.kes.admin.archive.ArchiveReplay;
import dev.kes.admin.archive.FileSystemArchiveStorage;
import dev.kes.admin.generations.ProjectionRebuild;
import dev.kes.admin.kafka.ProjectionSettings;
import dev.kes.admin.replay.ProjectionReplay;
import dev.kes.admin.replay.ReplayPlan;
import dev.kes.projection.topology.BulkBuild;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** es-admin projection rebuild start: a new generation's group, starting at the beginning of the events. */
@Command(
        name = "start",
        sortOptions = false,
        description = {
            "Start a new generation of the projection: check that its application id is unused and not the active "
                    + "one, then commit the beginning of the events topic for its group (with --archive: project the "
                    + "archive first, and start where it ends; with --bulk: build its state here, and start where the "
                    + "build ends). Then start its instances with projection.generation=GENERATION."
        })
public final class RebuildStartCommand extends RebuildStepCommand {
    @Mixin
    private ReplicationFactorOption replicationFactor;

    @Option(
            names = "--generation",
            paramLabel = "GENERATION",
            required = true,
            description = "the new generation, e.g. 2026-12: its application id is <application-id>-GENERATION")
    private String generation;

    @Option(
            names = "--archive",
            paramLabel = "DIR",
            description = "rebuild from the archive under DIR (es-admin archive) and then the topic, as replay "
                    + "--archive does")
    private Path archive;

    @Option(
            names = "--bulk",
            description = "build the generation's state here, straight into the changelogs its instances restore "
                    + "from, instead of having them replay every event (ADR 0019: several times faster); its group "
                    + "is committed where the build ends")
    private boolean bulk;

    @Override
    void checkOptions() {
        if (!generation.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ParameterException(
                    spec.commandLine(), "--generation must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (archive != null) {
            ArchiveDirectory.existing(spec.commandLine(), archive);
            if (bulk) {
                throw new ParameterException(
                        spec.commandLine(), "--bulk builds from the events topic alone: not with --archive");
            }
        }
    }

    @Override
    void run(final PrintWriter out, final Admin admin, final ProjectionRebuild rebuilds) {
        final String applicationId = rebuild.applicationId(generation);
        rebuilds.requireUnused(rebuild.base, applicationId, events.topic());
        out.println("rebuild start " + applicationId + " (generation " + generation + " of " + rebuild.base
                + "; active: " + rebuilds.generations().active(rebuild.base) + ")");
        if (bulk) {
            bulk(out, admin, applicationId);
        } else if (archive == null) {
            final ProjectionReplay replay = new ProjectionReplay(kafka.clientProperties(), admin, kafka.timeout());
            final ReplayPlan plan = replay.fromBeginning(applicationId, events.topic(), true);
            replay.apply(plan);
            print(out, plan);
        } else {
            final ArchiveReader archived =
                    ArchiveReader.open(new FileSystemArchiveStorage(archive), events.topic(), kafka.codec());
            final ArchiveReplay replay = new ArchiveReplay(
                    kafka.clientProperties(), admin, kafka.timeout(), replicationFactor.value(), kafka.codec());
            final ArchiveReplay.Plan plan = replay.plan(applicationId, events.topic(), archived, true);
            out.println("  the archive " + archive + " (" + plan.archived() + " record(s)) is projected first");
            replay.apply(plan, archived);
            print(out, plan.reset());
        }
        out.println("Done: start the instances of the new generation with application.id=" + rebuild.base + " and "
                + RebuildOptions.setting(generation) + " (KES_PROJECTION_GENERATION=" + generation + "), beside the "
                + "running ones, each with its own HTTP port. They answer 503 on /health/ready until caught up.");
        out.println("  Watch: es-admin projection rebuild status --application-id " + rebuild.base
                + rebuild.generationOption(applicationId));
    }

    /** The generation's state built here; refused, as a replay would be, when the topic no longer starts at 0. */
    private void bulk(final PrintWriter out, final Admin admin, final String applicationId) {
        new ProjectionReplay(kafka.clientProperties(), admin, kafka.timeout())
                .fromBeginning(applicationId, events.topic(), true);
        final BulkBuild.Result built;
        try {
            built = BulkBuild.run(
                    ProjectionSettings.of(
                            kafka.clientProperties(),
                            applicationId,
                            events.topic(),
                            Path.of(System.getProperty("java.io.tmpdir")),
                            replicationFactor.value()),
                    kafka.codec());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while building " + applicationId + cleanup(applicationId));
        } catch (RuntimeException e) {
            // whatever stopped it (a write refused, an event it cannot read, no registry), its changelogs may exist
            throw new AdminException(
                    "the bulk build of " + applicationId + " failed: " + e.getMessage() + cleanup(applicationId), e);
        }
        out.printf(
                "  built %d event(s) in %.1f s (%.0f events/s) into %d changelog record(s)%n",
                built.events(), built.nanos() / 1e9, built.eventsPerSecond(), built.changelogRecords());
        out.println("  applied per read model: " + built.applied()
                + (built.skipped().isEmpty()
                        ? "; nothing skipped"
                        : "; skipped, as the services skip them: " + built.skipped()));
        out.println("  committed offsets of group " + applicationId + " (where the build ended):");
        for (final Map.Entry<TopicPartition, Long> entry : built.end().entrySet()) {
            out.printf("    %s  %d%n", entry.getKey(), entry.getValue());
        }
    }

    /** What a failed build leaves, and how to remove it before starting again. */
    private String cleanup(final String applicationId) {
        return ". What it wrote stays until: es-admin projection rebuild cleanup --application-id " + rebuild.base
                + rebuild.generationOption(applicationId);
    }

    private static void print(final PrintWriter out, final ReplayPlan plan) {
        out.println("  committed offsets of group " + plan.applicationId() + ":");
        for (final Map.Entry<TopicPartition, Long> entry : plan.offsets().entrySet()) {
            out.printf("    %s  %d%n", entry.getKey(), entry.getValue());
        }
    }
}
