package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.generations.ProjectionRebuild;
import dev.kes.admin.kafka.Clients;
import java.io.PrintWriter;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Mixin;

/**
 * A step of {@code es-admin projection rebuild}: each names a projection ({@link RebuildOptions}) and one of its
 * generations ({@code --generation}), and runs over one Admin client against the control topic of active generations.
 */
abstract class RebuildStepCommand extends EventsTopicCommand {
    @Mixin
    RebuildOptions rebuild;

    /** Refuses bad options before anything reaches Kafka. */
    void checkOptions() {}

    /** The step; what it prints goes to {@code out}. */
    abstract void run(PrintWriter out, Admin admin, ProjectionRebuild rebuilds);

    @Override
    public final Integer call() {
        checkOptions();
        final PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Clients.admin(kafka.clientProperties(), kafka.timeout())) {
            final ProjectionRebuild rebuilds =
                    new ProjectionRebuild(admin, kafka.timeout(), rebuild.generations(kafka, admin));
            run(out, admin, rebuilds);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
