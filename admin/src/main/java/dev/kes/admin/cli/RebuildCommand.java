package dev.kes.admin.cli;

import picocli.CommandLine.Command;

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
public final class RebuildCommand extends CommandGroup {}
