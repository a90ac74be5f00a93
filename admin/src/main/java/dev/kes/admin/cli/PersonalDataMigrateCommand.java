package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.kafka.Clients;
import dev.kes.admin.personal.MigrationResult;
import dev.kes.admin.personal.PersonalDataMigration;
import dev.kes.service.personal.KeyEncryptionKey;
import dev.kes.service.personal.PersonalDataException;
import dev.kes.service.personal.PersonalDataSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** es-admin personal-data migrate: copy the events topic to a successor with every personal value sealed. */
@Command(
        name = "migrate",
        sortOptions = false,
        description = {
            "Copy the events topic (--events-topic) to a successor topic (--to) in which every clear personal value "
                    + "(the holder) is sealed with its account's data key, as the command service seals new ones. "
                    + "Same partitions, keys, order, timestamps and headers; other records byte for byte.",
            "Exactly once and resumable: run it again after a stop or crash and it continues. Then it checks the "
                    + "successor: equal counts per partition, no clear personal value. Refuses (exit 3) while the "
                    + "command service runs. The cutover: README \"Personal data\"."
        })
public final class PersonalDataMigrateCommand extends EventsTopicCommand {
    /** Unreadable records listed one per line; the rest are counted. */
    private static final int LISTED = 100;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "TOPIC",
            description = "the successor topic: created like the source when missing; an existing one must be empty "
                    + "or an earlier run's copy")
    private String successor;

    @ArgGroup(multiplicity = "1")
    private Kek kek;

    @Mixin
    private KeysTopicOption keys;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            defaultValue = ApplicationIds.COMMAND_SERVICE,
            description = "the command service's application.id: the copy refuses while it runs (default: "
                    + "${DEFAULT-VALUE})")
    private String writer;

    @Option(
            names = "--max-records",
            paramLabel = "N",
            defaultValue = "0",
            description = "copy at most N records in this run, then stop (run again to continue); 0: all")
    private long maxRecords;

    /** Where the key-encryption key comes from: exactly one of the two, as the services' personal.kek.*. */
    static final class Kek {
        @Option(
                names = "--kek-file",
                paramLabel = "FILE",
                description = "the key-encryption key the services use: a file holding 32 bytes in base64")
        Path file;

        @Option(
                names = "--kek-env",
                paramLabel = "VARIABLE",
                description = "the name of an environment variable holding the key-encryption key")
        String env;
    }

    @Override
    public Integer call() {
        final KeyEncryptionKey key;
        try {
            key = KeyEncryptionKey.load(new PersonalDataSettings(
                    kek.file == null ? "" : kek.file.toString(), kek.env == null ? "" : kek.env, false, Path.of(".")));
        } catch (PersonalDataException e) {
            throw new BadValueException(spec.commandLine(), e.getMessage().replace("; not starting", ""));
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Duration timeout = kafka.timeout();
        final MigrationResult result;
        try (Admin admin = Clients.admin(kafka.clientProperties(), timeout)) {
            result = new PersonalDataMigration(kafka.clientProperties(), admin, timeout, kafka.codec())
                    .migrate(
                            new PersonalDataMigration.Request(
                                    events.topic(), successor, keys.topic(), writer, maxRecords),
                            key);
        }
        out.println("personal-data migrate " + events.topic() + " -> " + successor);
        out.println(
                result.created()
                        ? "  created " + successor + " like " + events.topic()
                        : "  continued from source offsets " + result.resumedFrom());
        out.printf("  copied %d record(s) in this run, %d of them sealed%n", result.copied(), result.sealed());
        if (!result.complete()) {
            out.println("Stopped after --max-records " + maxRecords + ": run this again to continue.");
            out.flush();
            return ExitCodes.OK;
        }
        if (result.erasedAccounts() > 0) {
            out.printf(
                    "  %d account(s) erased before the copy: %d new data key(s) tombstoned again%n",
                    result.erasedAccounts(), result.keysTombstoned());
        }
        out.println("  records per partition: " + events.topic() + " " + result.sourceRecords() + ", " + successor + " "
                + result.successorRecords());
        result.unreadable().stream()
                .limit(LISTED)
                .forEach(at -> out.println("UNREADABLE  " + events.topic() + " " + at
                        + "  copied unchanged: this build cannot decode it, so it may hold personal data in clear"));
        if (result.unreadable().size() > LISTED) {
            out.println("UNREADABLE  … and " + (result.unreadable().size() - LISTED) + " more ("
                    + result.unreadable().size()
                    + " in all). Records in the schema-registry framing are read only with --schema-registry-url.");
        }
        result.clearInSuccessor().forEach(at -> out.println("CLEAR       " + successor + " " + at));
        if (!result.sourceRecords().equals(result.successorRecords())) {
            out.println("COUNTS      differ: " + successor + " is not a copy of " + events.topic());
        }
        if (!result.clean()) {
            out.println("FAILED: do not cut over to " + successor + " before the lines above are resolved.");
            out.flush();
            return ExitCodes.PROBLEMS_FOUND;
        }
        out.println("OK: every record copied, no clear personal value in " + successor + ".");
        out.println("Next: point topic.events of every service at " + successor + ", rebuild what holds clear copies, "
                + "then delete " + events.topic() + " (README \"Personal data\", cutover).");
        out.flush();
        return ExitCodes.OK;
    }
}
