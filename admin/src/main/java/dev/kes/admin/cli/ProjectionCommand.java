package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** es-admin projection: operations on a projection as a whole (its generations). */
@Command(
        name = "projection",
        description = "Operations on a projection: rebuild it beside the running one, without downtime.",
        subcommands = {RebuildCommand.class})
public final class ProjectionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** No step given: say which there are. */
    @Override
    public Integer call() {
        return ExitCodes.missingCommand(spec);
    }
}
