package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.archive.ArchiveReader;
import dev.kes.admin.archive.AuditTrail;
import dev.kes.admin.archive.FileSystemArchiveStorage;
import dev.kes.admin.events.EventStoreReader;
import dev.kes.admin.events.ReadSummary;
import dev.kes.admin.events.StoredEvent;
import dev.kes.domain.PersonalValues;
import dev.kes.service.personal.PersonalData;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** es-admin events: the read-all-events API on the command line. */
@Command(
        name = "events",
        sortOptions = false,
        description = {
            "Print the events of account-events: all of them, those from an instant on, or one account's; "
                    + "with --archive, the archived ones too.",
            "One line per event: partition:offset, occurredAt, accountId, version, type, data, eventId. "
                    + "A summary goes to stderr.",
            "Personal fields (the holder) are printed sealed unless --kek-file or --kek-env is given; with it they "
                    + "are revealed, and an erased one prints as holder=null personalDataErased=true."
        })
public final class EventsCommand extends EventsTopicCommand {
    /** Shown in their own columns. */
    private static final Set<String> ENVELOPE = Set.of("accountId", "version", "occurredAt");
    /** Marks the lines read from the archive. */
    private static final String ARCHIVED = "  [archive]";

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            description = "start, per partition, at the first event whose timestamp (occurredAt) is at or after "
                    + "this instant (default: the beginning)")
    private Instant from;

    @Option(names = "--account", paramLabel = "ACCOUNT_ID", description = "only this account's events")
    private String account;

    @Option(
            names = "--archive",
            paramLabel = "DIR",
            description = "also read the archive under DIR (written by es-admin archive): its events first, then the "
                    + "topic's from where the archive ends. With --account, the account's full history, checked for "
                    + "gaps (exit 1 on a gap)")
    private Path archive;

    @Mixin
    PersonalDataOptions personalData;

    /** Reveals personal fields while printing; null: they are printed sealed. */
    private PersonalData personal;

    private boolean printedSealed;

    @Override
    public Integer call() {
        try (PersonalData opened = personalData.open(kafka.clientProperties())) {
            personal = opened;
            final int code = print();
            if (printedSealed) {
                spec.commandLine()
                        .getErr()
                        .println("# personal fields are printed sealed (" + PersonalValues.SEALED_PREFIX
                                + "…): give --kek-file or --kek-env to reveal them");
                spec.commandLine().getErr().flush();
            }
            return code;
        }
    }

    private int print() {
        if (archive != null) {
            if (from != null) {
                throw new ParameterException(spec.commandLine(), "--from and --archive cannot be combined");
            }
            ArchiveDirectory.existing(spec.commandLine(), archive);
            return account == null ? printArchiveAndTopic() : printAuditTrail();
        }
        final PrintWriter out = spec.commandLine().getOut();
        final EventStoreReader reader =
                new EventStoreReader(kafka.clientProperties(), events.topic(), kafka.timeout(), kafka.codec());
        final long[] printed = {0};
        final ReadSummary summary = reader.forEachFrom(from, event -> {
            if (account == null || account.equals(event.accountId())) {
                out.println(line(event));
                printed[0]++;
            }
        });
        out.flush();
        spec.commandLine()
                .getErr()
                .printf(
                        "# %d event(s) printed of %d read from %d partition(s) of %s; skipped: "
                                + "%d of unknown type, %d unreadable%n",
                        printed[0],
                        summary.delivered(),
                        summary.ranges().size(),
                        events.topic(),
                        summary.skippedUnknown(),
                        summary.skippedMalformed());
        return ExitCodes.OK;
    }

    /** Every archived event, then every event of the topic from where the archive ends. */
    private int printArchiveAndTopic() {
        final PrintWriter out = spec.commandLine().getOut();
        final ArchiveReader archived =
                ArchiveReader.open(new FileSystemArchiveStorage(archive), events.topic(), kafka.codec());
        final ReadSummary fromArchive = archived.forEachEvent(event -> out.println(line(event) + ARCHIVED));
        final Map<Integer, Long> archivedEnd = archived.archivedEnd();
        final long[] fromTopic = {0};
        final ReadSummary topic = new EventStoreReader(
                        kafka.clientProperties(), events.topic(), kafka.timeout(), kafka.codec())
                .forEach(event -> {
                    if (event.offset() >= archivedEnd.getOrDefault(event.partition(), 0L)) {
                        out.println(line(event));
                        fromTopic[0]++;
                    }
                });
        out.flush();
        spec.commandLine()
                .getErr()
                .printf(
                        "# %d event(s) from %d archive run(s), %d from %s; skipped: %d of unknown "
                                + "type, %d unreadable%n",
                        fromArchive.delivered(),
                        archived.runs().size(),
                        fromTopic[0],
                        events.topic(),
                        fromArchive.skippedUnknown() + topic.skippedUnknown(),
                        fromArchive.skippedMalformed() + topic.skippedMalformed());
        return ExitCodes.OK;
    }

    /** One account's full history: archive part, topic part, versions checked. */
    private int printAuditTrail() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final AuditTrail trail = AuditTrail.of(
                account,
                ArchiveReader.open(new FileSystemArchiveStorage(archive), events.topic(), kafka.codec()),
                new EventStoreReader(kafka.clientProperties(), events.topic(), kafka.timeout(), kafka.codec()));
        trail.archived().forEach(event -> out.println(line(event) + ARCHIVED));
        trail.live().forEach(event -> out.println(line(event)));
        out.flush();
        err.printf(
                "# %s: %d event(s), %d from the archive, %d from %s%n",
                account,
                trail.all().size(),
                trail.archived().size(),
                trail.live().size(),
                events.topic());
        if (trail.gaps().isEmpty()) {
            return ExitCodes.OK;
        }
        trail.gaps().forEach(gap -> err.println("GAP  " + account + "  " + gap));
        err.println("FAILED: the history of " + account + " is not whole ("
                + trail.gaps().size() + " gap(s)). Is " + "--archive the archive of " + events.topic()
                + ", with every run's manifest?");
        return ExitCodes.PROBLEMS_FOUND;
    }

    String line(final StoredEvent event) {
        final StringJoiner columns = new StringJoiner("  ");
        columns.add(event.partition() + ":" + event.offset())
                .add(event.event().occurredAt().toString())
                .add(event.accountId())
                .add("v" + event.version())
                .add(event.type());
        final String data = data(event);
        if (!data.isEmpty()) {
            columns.add(data);
        }
        return columns.add("eventId=" + event.eventId()).toString();
    }

    /** The domain event's own fields, e.g. {@code amount=25.50 description=salary}. */
    private String data(final StoredEvent event) {
        final StringJoiner fields = new StringJoiner(" ");
        for (final RecordComponent component : event.event().getClass().getRecordComponents()) {
            if (ENVELOPE.contains(component.getName())) {
                continue;
            }
            final Object value;
            try {
                value = component.getAccessor().invoke(event.event());
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            if (value instanceof String text && PersonalData.isPersonalField(component.getName())) {
                fields.add(personalField(event.accountId(), component.getName(), text));
            } else if (value != null) {
                fields.add(component.getName() + "="
                        + (value instanceof BigDecimal amount ? amount.toPlainString() : value));
            }
        }
        return fields.toString();
    }

    /** {@code holder=…}: revealed with a key-encryption key (erased: null, and said so), otherwise as stored. */
    private String personalField(final String accountId, final String name, final String value) {
        if (personal == null) {
            printedSealed |= PersonalValues.isSealed(value);
            return name + "=" + value;
        }
        final Optional<String> revealed = personal.reveal(accountId, name, value);
        return revealed.isPresent() ? name + "=" + revealed.get() : name + "=null personalDataErased=true";
    }
}
