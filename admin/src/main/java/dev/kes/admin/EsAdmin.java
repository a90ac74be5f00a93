package dev.kes.admin;

import dev.kes.admin.cli.ArchiveCommand;
import dev.kes.admin.cli.BadValueException;
import dev.kes.admin.cli.EraseCommand;
import dev.kes.admin.cli.EventsCommand;
import dev.kes.admin.cli.PersonalDataCommand;
import dev.kes.admin.cli.ProjectionCommand;
import dev.kes.admin.cli.RebuildSnapshotsCommand;
import dev.kes.admin.cli.ReplayCommand;
import dev.kes.admin.cli.VerifySnapshotsCommand;
import dev.kes.admin.kafka.AdminCalls;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** es-admin: the operations tool of the kes event store. */
@Command(
        name = "es-admin",
        mixinStandardHelpOptions = true,
        versionProvider = EsAdmin.Version.class,
        description = "Operations on the kes event store (account-events) and the services built on it.",
        subcommands = {
            EventsCommand.class,
            VerifySnapshotsCommand.class,
            RebuildSnapshotsCommand.class,
            ReplayCommand.class,
            ArchiveCommand.class,
            EraseCommand.class,
            PersonalDataCommand.class,
            ProjectionCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  done; verify-snapshots: every snapshot matches the events",
            "  1  verify-snapshots found mismatches or event-store anomalies",
            "  2  bad command line",
            "  3  refused before changing anything (the application is running, …)",
            "  4  failed (Kafka unreachable, a topic missing, …)",
            "",
            "Run 'es-admin help COMMAND' for a command's options."
        })
public final class EsAdmin implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EsAdmin.class);
    /** The options every command takes; given before the command, they are its defaults. */
    public static final Set<String> GLOBAL_OPTIONS =
            Set.of("--bootstrap", "--command-config", "--timeout", "--events-topic", "--schema-registry-url");

    @Spec
    private CommandSpec spec;

    // the same options as each command's own (KafkaOptions, --events-topic), accepted before the command too

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT[,HOST:PORT…]",
            description = "Kafka bootstrap servers, for every command (also accepted after the command)")
    private String bootstrap;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Kafka client properties for every client the tool creates (also after the command)")
    private Path commandConfig;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "how long a Kafka call, or a read without progress, may take (also after the command)")
    private Long timeout;

    @Option(
            names = "--events-topic",
            paramLabel = "TOPIC",
            description = "the event store topic (also after the command)")
    private String eventsTopic;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "the schema registry of records in the Confluent framing (also after the command)")
    private String schemaRegistryUrl;

    /** No command given: say which there are. */
    @Override
    public Integer call() {
        return ExitCodes.missingCommand(spec);
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
        cli.setDefaultValueProvider(EsAdmin::givenBeforeTheCommand);
        final CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((failure, arguments) -> {
            if (failure instanceof BadValueException) {
                failure.getCommandLine().getErr().println("error: " + failure.getMessage());
                return ExitCodes.USAGE;
            }
            return usage.handleParseException(failure, arguments);
        });
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

    /**
     * A command's default for a global option: the value given before the command, if any; null leaves the command's
     * own default. The command's option wins when both are given.
     */
    private static String givenBeforeTheCommand(final ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)
                || !GLOBAL_OPTIONS.contains(option.longestName())
                || arg.command() == null
                || arg.command().parent() == null) {
            return null;
        }
        CommandSpec root = arg.command();
        while (root.parent() != null) {
            root = root.parent();
        }
        final OptionSpec global = root.findOption(option.longestName());
        final Object value = global == null ? null : global.getValue();
        return value == null ? null : value.toString();
    }

    private static String message(final Throwable failure) {
        if (failure instanceof RefusedException) {
            return failure.getMessage();
        }
        final String text = failure instanceof AdminException ? failure.getMessage() : AdminCalls.describe(failure);
        return "error: " + text
                + (timedOut(failure)
                        ? "\n  Is Kafka reachable at --bootstrap, with the client settings it needs in --command-config?"
                        : "");
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
