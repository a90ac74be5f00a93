package dev.kes.admin.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --replication-factor}, for every command that may create topics; refused unless -1 or at least 1. */
final class ReplicationFactorOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private short value;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "-1",
            description = "replication factor of the topics this command creates, if any (replay and rebuild "
                    + "start with --archive or --bulk: a temporary topic and changelogs; cutover: the control topic), "
                    + "as the services' topic.replication.factor (default: ${DEFAULT-VALUE}, the broker's "
                    + "default.replication.factor)")
    void set(final short replicationFactor) {
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new ParameterException(command.commandLine(), "--replication-factor must be -1 or at least 1");
        }
        value = replicationFactor;
    }

    short value() {
        return value;
    }
}
