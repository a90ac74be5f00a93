package dev.kes.admin.cli;

import picocli.CommandLine.Command;

/** es-admin projection: operations on a projection as a whole (its generations). */
@Command(
        name = "projection",
        description = "Operations on a projection: rebuild it beside the running one, without downtime.",
        subcommands = {RebuildCommand.class})
public final class ProjectionCommand extends CommandGroup {}
