package dev.kes.admin.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A value on the command line that parses but cannot be used (a bootstrap server without port, a directory that is
 * not there …): exit 2 with the message alone, since the command's usage would not say what is wrong.
 */
public final class BadValueException extends ParameterException {
    public BadValueException(final CommandLine commandLine, final String message) {
        super(commandLine, message);
    }
}
