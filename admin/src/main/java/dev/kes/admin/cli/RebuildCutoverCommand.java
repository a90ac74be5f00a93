package dev.kes.admin.cli;

import dev.kes.admin.generations.GenerationProgress;
import dev.kes.admin.generations.ProjectionRebuild;
import java.io.PrintWriter;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Mixin
    private MaxLagOption maxLag;

    @Mixin
    private ReplicationFactorOption replicationFactor;

    @Override
    void run(final PrintWriter out, final Admin admin, final ProjectionRebuild rebuilds) {
        final String applicationId = rebuild.applicationId(generation);
        final String before = rebuilds.generations().active(rebuild.base);
        final GenerationProgress progress = rebuilds.cutover(
                rebuild.base, applicationId, events.topic(), maxLag.value(), replicationFactor.value());
        out.println("cutover " + rebuild.base + ": " + before + " -> " + applicationId + " (lag "
                + progress.totalLag() + ", " + progress.group().members().size() + " instance(s)), recorded in "
                + rebuilds.generations().topic());
        out.println("Next: point the load balancer (or the clients) at the instances of " + applicationId
                + "; then stop the instances of " + before + " and run:");
        out.println("  es-admin projection rebuild cleanup --application-id " + rebuild.base
                + rebuild.generationOption(before));
    }
}
