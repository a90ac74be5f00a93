package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** es-admin projection rebuild: the four steps of a rebuild beside the running generation. */
@Command(
        name = "rebuild",
        description = {
            "Rebuild a projection as a new generation (application id <application-id>-<generation>) beside the "
                    + "running one, which keeps answering queries: start, watch the status, cut over once it has "
                    + "caught up, clean up the old generation.",
            "Each step refuses (exit 3), changing nothing, when it is not safe yet."
        },
        subcommands = {
            RebuildStartCommand.class,
            RebuildStatusCommand.class,
            RebuildCutoverCommand.class,
            RebuildCleanupCommand.class
        })
public final class RebuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** No step given: say which there are. */
    @Override
    public Integer call() {
        return ExitCodes.missingCommand(spec);
    }
}
