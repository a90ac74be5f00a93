package dev.kes.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.admin.EsAdmin;
import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.command.CommandServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The command line itself: help, usage errors and exit codes, option parsing. No Kafka needed. */
class EsAdminCliTest {

    @Test
    void helpListsTheCommandsAndExitCodes() {
        final Cli.Run help = Cli.run("--help");

        assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("events", "verify-snapshots", "rebuild-snapshots", "replay", "Exit codes:");
    }

    @Test
    void aCommandsHelpListsItsOptions() {
        final Cli.Run help = Cli.run("help", "replay");

        assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(help.out())
                .contains("--application-id", "--from", "--state-dir", "--dry-run", "--bootstrap", "--command-config");
    }

    @Test
    void badCommandLinesExitWithTwoAndSayWhy() {
        assertThat(Cli.run()).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("Missing command.");
        });
        assertThat(Cli.run("compact-everything")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("Unmatched argument");
        });
        assertThat(Cli.run("replay")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("Missing required option: '--application-id=ID'");
        });
        assertThat(Cli.run("replay", "--application-id", "p", "--archive", "a", "--replication-factor", "0"))
                .satisfies(run -> {
                    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err()).contains("--replication-factor must be -1 or at least 1");
                });
        // the same options share one definition and one check in every command that takes them
        assertThat(Cli.run(
                        "projection",
                        "rebuild",
                        "start",
                        "--application-id",
                        "p",
                        "--generation",
                        "g",
                        "--bulk",
                        "--replication-factor",
                        "-2"))
                .satisfies(run -> {
                    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err()).contains("--replication-factor must be -1 or at least 1");
                });
        assertThat(Cli.run("projection", "rebuild", "status", "--application-id", "p", "--max-lag", "-1"))
                .satisfies(run -> {
                    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err()).contains("--max-lag must be 0 or more");
                });
        assertThat(Cli.run("events", "--from", "yesterday")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("'yesterday' is not an instant");
        });
    }

    @Test
    void anUnreachableClusterFailsWithFourAndAHint() {
        final Cli.Run run = Cli.run("verify-snapshots", "--bootstrap", "127.0.0.1:1", "--timeout", "2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .startsWith("error: ")
                .contains("timed out")
                .contains("Is Kafka reachable at --bootstrap")
                .doesNotContain("\tat ");
    }

    @Test
    void globalOptionsComeBeforeTheCommandTooAndTheCommandsOwnWin(@TempDir final Path dir) {
        final Path missing = dir.resolve("missing.properties");
        assertThat(Cli.run("--command-config", missing.toString(), "events")).satisfies(run -> {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("cannot read --command-config " + missing);
        });
        assertThat(Cli.run("--timeout", "0", "--bootstrap", "127.0.0.1:1", "replay", "--application-id", "p"))
                .satisfies(run -> {
                    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err()).contains("--timeout must be a positive number of seconds");
                });
        final Path other = dir.resolve("other.properties");
        assertThat(Cli.run(
                        "--command-config",
                        missing.toString(),
                        "archive",
                        "--before",
                        "2025-01-01",
                        "--archive",
                        dir.toString(),
                        "--command-config",
                        other.toString()))
                .satisfies(run -> {
                    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err()).contains("cannot read --command-config " + other);
                });
        assertThat(Cli.run("--bootstrap", "127.0.0.1:1")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("Missing command.");
        });
    }

    @Test
    void everyCommandTakesTheGlobalOptions() {
        final CommandLine cli = new CommandLine(new EsAdmin());
        assertThat(cli.getCommandSpec().options())
                .extracting(CommandLine.Model.OptionSpec::longestName)
                .containsAll(EsAdmin.GLOBAL_OPTIONS);
        cli.getSubcommands().forEach((name, command) -> {
            if (!name.equals("help")) {
                assertTakesTheGlobalOptions(name, command);
            }
        });
    }

    /** A command that only groups others ({@code projection rebuild …}): the ones it groups take them. */
    private static void assertTakesTheGlobalOptions(final String name, final CommandLine command) {
        if (!command.getSubcommands().isEmpty()) {
            command.getSubcommands()
                    .forEach((sub, subcommand) -> assertTakesTheGlobalOptions(name + " " + sub, subcommand));
            return;
        }
        assertThat(command.getCommandSpec().options())
                .as(name)
                .extracting(CommandLine.Model.OptionSpec::longestName)
                .containsAll(EsAdmin.GLOBAL_OPTIONS);
    }

    @Test
    void aBootstrapWithoutPortOrWithoutAResolvableHostExitsWithTwoAndTheCause(@TempDir final Path dir)
            throws Exception {
        assertThat(Cli.run("events", "--bootstrap", "localhost")).satisfies(run -> {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).isEqualTo("error: --bootstrap localhost: 'localhost' is not HOST:PORT\n");
        });
        assertThat(Cli.run(
                        "--bootstrap",
                        "no-such-broker.invalid:9092",
                        "archive",
                        "--before",
                        "2025-01-01",
                        "--archive",
                        dir.toString(),
                        "--dry-run"))
                .satisfies(run -> {
                    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err())
                            .startsWith("error: --bootstrap no-such-broker.invalid:9092: cannot resolve "
                                    + "no-such-broker.invalid (")
                            .hasLineCount(1);
                });
        final Path config = dir.resolve("client.properties");
        Files.writeString(config, "bootstrap.servers=broker-1.invalid:9092, broker-2.invalid\n");
        assertThat(Cli.run("verify-snapshots", "--command-config", config.toString()))
                .satisfies(run -> {
                    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err())
                            .isEqualTo(
                                    "error: bootstrap.servers of --command-config " + config
                                            + " broker-1.invalid:9092, broker-2.invalid: 'broker-2.invalid' is not HOST:PORT\n");
                });
    }

    @Test
    void anArchiveThatIsAFileFailsTheDryRunToo(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("archive.tar"), "not a directory");

        assertThat(archiveDryRun(file)).satisfies(run -> {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).isEqualTo("error: --archive " + file + " is not a directory\n");
        });
        assertThat(archiveDryRun(file.resolve("sub"))).satisfies(run -> {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains(file + " is not a directory");
        });
    }

    /** A dry run of archive into {@code archive}, with a broker that is not there: the archive is checked first. */
    private static Cli.Run archiveDryRun(final Path archive) {
        return Cli.run(
                "archive",
                "--bootstrap",
                "127.0.0.1:1",
                "--timeout",
                "2",
                "--before",
                "2025-01-01",
                "--archive",
                archive.toString(),
                "--dry-run");
    }

    @Test
    void readingAnArchiveThatIsNotThereSaysSo(@TempDir final Path dir) {
        final Path missing = dir.resolve("no-archive");

        assertThat(Cli.run(
                        "events",
                        "--bootstrap",
                        "127.0.0.1:1",
                        "--timeout",
                        "2",
                        "--account",
                        "acc-1",
                        "--archive",
                        missing.toString()))
                .satisfies(run -> {
                    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err())
                            .startsWith("error: --archive " + missing + " does not exist")
                            .doesNotContain("GAP")
                            .hasLineCount(1);
                });
        assertThat(Cli.run("events", "--bootstrap", "127.0.0.1:1", "--timeout", "2", "--archive", missing.toString()))
                .satisfies(run -> {
                    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err()).contains("does not exist");
                });
        assertThat(Cli.run(
                        "replay",
                        "--bootstrap",
                        "127.0.0.1:1",
                        "--timeout",
                        "2",
                        "--application-id",
                        "p",
                        "--archive",
                        missing.toString()))
                .satisfies(run -> {
                    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.err()).contains("does not exist");
                });
    }

    @Test
    void theDefaultApplicationIdIsTheCommandServicesOwn() {
        assertThat(ApplicationIds.COMMAND_SERVICE).isEqualTo(CommandServiceConfig.DEFAULTS.get("application.id"));
    }

    @Test
    void instantsAreIsoWithUtcForDatesAndLocalTimes() {
        final InstantConverter converter = new InstantConverter();
        assertThat(converter.convert("2026-01-31T09:30:00Z")).isEqualTo(Instant.parse("2026-01-31T09:30:00Z"));
        assertThat(converter.convert("2026-01-31T10:30:00+01:00")).isEqualTo(Instant.parse("2026-01-31T09:30:00Z"));
        assertThat(converter.convert("2026-01-31T09:30")).isEqualTo(Instant.parse("2026-01-31T09:30:00Z"));
        assertThat(converter.convert("2026-01-31")).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
        assertThatThrownBy(() -> converter.convert("31/01/2026")).hasMessageContaining("is not an instant");
    }

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        KafkaOptions kafka;
    }

    @Test
    void clientPropertiesComeFromTheCommandConfigWithBootstrapOverriding(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=127.0.0.2:9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");

        final Probe fromFile = new Probe();
        new CommandLine(fromFile).parseArgs("--command-config", file.toString());
        assertThat(fromFile.kafka.clientProperties())
                .containsEntry("bootstrap.servers", "127.0.0.2:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");

        final Probe overridden = new Probe();
        new CommandLine(overridden).parseArgs("--command-config", file.toString(), "--bootstrap", "127.0.0.3:9092");
        assertThat(overridden.kafka.clientProperties())
                .containsEntry("bootstrap.servers", "127.0.0.3:9092")
                .containsEntry("security.protocol", "SASL_SSL");

        final Probe defaults = new Probe();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.kafka.clientProperties()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(defaults.kafka.timeout()).hasSeconds(60);
    }

    @Test
    void anUnreachableSchemaRegistryFailsTheCommandNamingItsUrl() throws Exception {
        final String url;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            url = "http://127.0.0.1:" + socket.getLocalPort();
        }
        for (final Cli.Run run : java.util.List.of(
                Cli.run("--schema-registry-url", url, "events"), Cli.run("events", "--schema-registry-url", url))) {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err()).contains("schema registry " + url + ": cannot reach it");
        }
    }
}
