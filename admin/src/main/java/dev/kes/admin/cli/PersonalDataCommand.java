package dev.kes.admin.cli;

import picocli.CommandLine.Command;

/** es-admin personal-data: operations on the personal data sealed in the events (docs/adr/0016, 0018). */
@Command(
        name = "personal-data",
        description = "Operations on personal data: seal the clear values of events written before sealing existed.",
        subcommands = {PersonalDataMigrateCommand.class})
public final class PersonalDataCommand extends CommandGroup {}
