package dev.kes.admin.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --max-lag}: the lag at or below which a generation may take the traffic. */
final class MaxLagOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private long value;

    @Option(
            names = "--max-lag",
            paramLabel = "RECORDS",
            defaultValue = "1000",
            description = "cutover is allowed when the generation's lag, summed over the partitions, is at most this "
                    + "(default: ${DEFAULT-VALUE}, as projection.ready.max.lag)")
    void set(final long maxLag) {
        if (maxLag < 0) {
            throw new ParameterException(command.commandLine(), "--max-lag must be 0 or more");
        }
        value = maxLag;
    }

    long value() {
        return value;
    }
}
