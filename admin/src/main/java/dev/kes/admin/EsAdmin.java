package dev.kes.admin;

import dev.kes.admin.cli.ArchiveCommand;
import dev.kes.admin.cli.EventsCommand;
import dev.kes.admin.cli.RebuildSnapshotsCommand;
import dev.kes.admin.cli.ReplayCommand;
import dev.kes.admin.cli.VerifySnapshotsCommand;
import dev.kes.admin.kafka.AdminCalls;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** es-admin: the operations tool of the kes event store. */
@Command(name = "es-admin", mixinStandardHelpOptions = true, versionProvider = EsAdmin.Version.class,
        description = "Operations on the kes event store (account-events) and the services built on it.",
        subcommands = {EventsCommand.class, VerifySnapshotsCommand.class, RebuildSnapshotsCommand.class,
                ReplayCommand.class, ArchiveCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done; verify-snapshots: every snapshot matches the events",
                "  1  verify-snapshots found mismatches or event-store anomalies",
                "  2  bad command line",
                "  3  refused before changing anything (the application is running, …)",
                "  4  failed (Kafka unreachable, a topic missing, …)",
                "",
                "Run 'es-admin help COMMAND' for a command's options."})
public final class EsAdmin implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EsAdmin.class);

    @Spec
    private CommandSpec spec;

    /** No command given: say which there are. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing command.");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        final PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs one command line and returns its exit code; output goes to {@code out}, errors to {@code err}. */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args) {
        // picocli answers bad command lines with its usage exit code, 2 = ExitCodes.USAGE
        final CommandLine cli = new CommandLine(new EsAdmin());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            commandLine.getErr().println(message(failure));
            commandLine.getErr().flush();
            LOG.debug("{} failed", commandLine.getCommandName(), failure);
            return failure instanceof RefusedException ? ExitCodes.REFUSED : ExitCodes.FAILED;
        });
        final int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String message(final Throwable failure) {
        if (failure instanceof RefusedException) {
            return failure.getMessage();
        }
        final String text = failure instanceof AdminException ? failure.getMessage() : AdminCalls.describe(failure);
        return "error: " + text + (timedOut(failure)
                ? "\n  Is Kafka reachable at --bootstrap, with the client settings it needs in --command-config?" : "");
    }

    private static boolean timedOut(final Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The version the jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String version = EsAdmin.class.getPackage().getImplementationVersion();
            return new String[] {"es-admin " + (version == null ? "(development build)" : version)};
        }
    }
}
