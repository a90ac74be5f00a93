package dev.kes.admin.cli;

import dev.kes.admin.generations.GenerationProgress;
import dev.kes.admin.generations.ProjectionRebuild;
import java.io.PrintWriter;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** es-admin projection rebuild cutover: record a caught-up generation as the active one. */
@Command(
        name = "cutover",
        sortOptions = false,
        description = {
            "Record a generation as the active one, once its instances run and its lag is at most --max-lag; then "
                    + "point the load balancer (or the clients) at its instances.",
            "Refuses when the generation is already active, has never run, runs no instance, or lags behind."
        })
public final class RebuildCutoverCommand extends RebuildStepCommand {
    @Option(
            names = "--generation",
            paramLabel = "GENERATION",
            description = "the generation to move the traffic to (default: the application id itself)")
    private String generation;

    @Option(
            names = "--max-lag",
            paramLabel = "RECORDS",
            defaultValue = "1000",
            description = "refuse while its lag, summed over the partitions, is above this (default: "
                    + "${DEFAULT-VALUE}, as projection.ready.max.lag)")
    private long maxLag;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "-1",
            description = "replication factor of the control topic if it has to be created (default: "
                    + "${DEFAULT-VALUE}, the broker's default)")
    private short replicationFactor;

    @Override
    void checkOptions() {
        if (maxLag < 0) {
            throw new ParameterException(spec.commandLine(), "--max-lag must be 0 or more");
        }
    }

    @Override
    void run(final PrintWriter out, final Admin admin, final ProjectionRebuild rebuilds) {
        final String applicationId = rebuild.applicationId(generation);
        final String before = rebuilds.generations().active(rebuild.base);
        final GenerationProgress progress =
                rebuilds.cutover(rebuild.base, applicationId, events.topic(), maxLag, replicationFactor);
        out.println("cutover " + rebuild.base + ": " + before + " -> " + applicationId + " (lag "
                + progress.totalLag() + ", " + progress.group().members().size() + " instance(s)), recorded in "
                + rebuilds.generations().topic());
        out.println("Next: point the load balancer (or the clients) at the instances of " + applicationId
                + "; then stop the instances of " + before + " and run:");
        out.println("  es-admin projection rebuild cleanup --application-id " + rebuild.base
                + rebuild.generationOption(before));
    }
}
