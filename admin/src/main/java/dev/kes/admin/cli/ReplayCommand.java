package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.archive.ArchiveReader;
import dev.kes.admin.archive.ArchiveReplay;
import dev.kes.admin.archive.FileSystemArchiveStorage;
import dev.kes.admin.kafka.Clients;
import dev.kes.admin.kafka.StateDirectory;
import dev.kes.admin.replay.ProjectionReplay;
import dev.kes.admin.replay.ReplayPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** es-admin replay: a projection rebuilds its read models from the events. */
@Command(
        name = "replay",
        sortOptions = false,
        description = {
            "Reset a projection (a Kafka Streams application reading account-events) so that it rebuilds "
                    + "its read models from the beginning: commit the earliest offsets of the events topic for its "
                    + "group and delete its internal topics, as Kafka's streams reset tool does. Its instances' local "
                    + "state must be deleted too (--state-dir does it on this host).",
            "With --from, start a NEW application id at an instant instead.",
            "With --archive, rebuild from the archive first, then from the topic where the archive ends.",
            "Refuses while any instance of the application runs, and for a command service."
        })
public final class ReplayCommand extends EventsTopicCommand {
    @Mixin
    private ReplicationFactorOption replicationFactor;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            required = true,
            description = "the projection's application.id, e.g. kes-projection-service")
    private String applicationId;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            description = "for a NEW application id: start it, per partition, at the first event whose timestamp "
                    + "(occurredAt) is at or after this instant")
    private Instant from;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "also delete this host's local state of the application, DIR/<application-id> (DIR is "
                    + "the service's state.dir)")
    private Path stateDir;

    @Option(
            names = "--archive",
            paramLabel = "DIR",
            description = "rebuild from the archive under DIR (written by es-admin archive) and then the topic: the "
                    + "archived events go through the projection's topology first, and the projection continues on "
                    + "the topic where the archive ends")
    private Path archive;

    @Option(
            names = "--new",
            description = "the application id is new (it has no consumer group yet): start it from "
                    + "the beginning, or from the archive; without it a missing group is refused as a likely typo. --from "
                    + "implies it")
    private boolean newApplication;

    @Option(names = "--dry-run", description = "show what would change, change nothing")
    private boolean dryRun;

    @Override
    public Integer call() {
        if (archive != null && from != null) {
            throw new ParameterException(spec.commandLine(), "--from and --archive cannot be combined");
        }
        if (archive != null) {
            ArchiveDirectory.existing(spec.commandLine(), archive);
        }
        final String eventsTopic = events.topic();
        final PrintWriter out = spec.commandLine().getOut();
        final Duration timeout = kafka.timeout();
        try (Admin admin = Clients.admin(kafka.clientProperties(), timeout)) {
            if (archive == null) {
                final ProjectionReplay replay = new ProjectionReplay(kafka.clientProperties(), admin, timeout);
                final ReplayPlan plan = from == null
                        ? replay.fromBeginning(applicationId, eventsTopic, newApplication)
                        : replay.fromInstant(applicationId, eventsTopic, from);
                print(
                        out,
                        plan,
                        from == null
                                ? " from the beginning of " + eventsTopic
                                : " (new) from " + from + " on " + eventsTopic);
                if (dryRun) {
                    return dryRun(out);
                }
                replay.apply(plan);
            } else {
                final ArchiveReader archived =
                        ArchiveReader.open(new FileSystemArchiveStorage(archive), eventsTopic, kafka.codec());
                final ArchiveReplay replay = new ArchiveReplay(
                        kafka.clientProperties(), admin, timeout, replicationFactor.value(), kafka.codec());
                final ArchiveReplay.Plan plan = replay.plan(applicationId, eventsTopic, archived, newApplication);
                print(
                        out,
                        plan.reset(),
                        " from the archive " + archive + " (" + plan.runs() + " run(s), " + plan.archived()
                                + " record(s)), then " + eventsTopic + " where the archive ends");
                out.println("  the archived records go through the temporary topic " + plan.temporaryTopic()
                        + " (deleted afterwards)");
                if (dryRun) {
                    return dryRun(out);
                }
                replay.apply(plan, archived);
                out.println("  the archived records are projected");
            }
        }
        if (stateDir != null) {
            final Optional<Path> deleted = StateDirectory.delete(stateDir, applicationId);
            out.println("  local state "
                    + deleted.map(dir -> "deleted " + dir).orElse("none at " + stateDir.resolve(applicationId)));
        }
        if (from == null) {
            out.println(
                    stateDir == null
                            ? "  Before starting it, delete <state.dir>/" + applicationId + " on every instance:"
                            : "  If instances run on other hosts, delete <state.dir>/" + applicationId + " there too:");
            out.println("  stores restored from old local state would skip every event as already applied.");
        }
        out.println("Done: start the projection with application.id=" + applicationId + "; it reads " + eventsTopic
                + (from == null && archive == null ? " from the beginning." : " from the offsets above."));
        out.flush();
        return ExitCodes.OK;
    }

    private static int dryRun(final PrintWriter out) {
        out.println("Dry run: nothing changed.");
        out.flush();
        return ExitCodes.OK;
    }

    private void print(final PrintWriter out, final ReplayPlan plan, final String what) {
        out.println("replay " + applicationId + what);
        out.println("  committed offsets of group " + applicationId + ":");
        for (final Map.Entry<TopicPartition, Long> entry : plan.offsets().entrySet()) {
            final Long before = plan.committedBefore().get(entry.getKey());
            out.printf("    %s  %s%d%n", entry.getKey(), before == null ? "" : before + " -> ", entry.getValue());
        }
        if (from == null) {
            out.println("  internal topics to delete:" + (plan.internalTopics().isEmpty() ? " none" : ""));
            plan.internalTopics().forEach(topic -> out.println("    " + topic));
            plan.keptTopics().forEach(topic -> out.println("  kept (another application's): " + topic));
        }
    }
}
