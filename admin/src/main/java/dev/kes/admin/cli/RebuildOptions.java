package dev.kes.admin.cli;

import dev.kes.admin.generations.ActiveGenerations;
import dev.kes.admin.generations.ProjectionRebuild;
import dev.kes.projection.ProjectionServiceConfig;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Option;

/** Which projection and which of its generations a {@code projection rebuild} step is about. */
final class RebuildOptions {
    static final String DEFAULT_BASE = "kes-projection-service";

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            defaultValue = DEFAULT_BASE,
            description = "the projection's application.id, the base of its generations' ids (default: "
                    + "${DEFAULT-VALUE})")
    String base;

    @Option(
            names = "--control-topic",
            paramLabel = "TOPIC",
            defaultValue = ActiveGenerations.TOPIC,
            description = "the compacted topic recording each projection's active generation (default: "
                    + "${DEFAULT-VALUE})")
    String controlTopic;

    /** The application id of {@code generation}: {@code <base>-<generation>}, the base id itself for none. */
    String applicationId(final String generation) {
        return ProjectionRebuild.applicationId(base, generation);
    }

    /** The projections' active generations, read and recorded through {@code admin} in the control topic. */
    ActiveGenerations generations(final KafkaOptions kafka, final Admin admin) {
        return new ActiveGenerations(kafka.clientProperties(), admin, kafka.timeout(), controlTopic);
    }

    /** How to name {@code applicationId} on this tool's command line. */
    String generationOption(final String applicationId) {
        return applicationId.equals(base) ? "" : " --generation " + applicationId.substring(base.length() + 1);
    }

    /** The setting that starts instances of {@code generation}. */
    static String setting(final String generation) {
        return ProjectionServiceConfig.GENERATION + "=" + generation;
    }
}
