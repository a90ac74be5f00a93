package dev.kes.admin.cli;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.events.EventStoreReader;
import dev.kes.admin.events.ReadSummary;
import dev.kes.admin.events.StoredEvent;
import dev.kes.service.kafka.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/** es-admin events: the read-all-events API on the command line. */
@Command(name = "events", sortOptions = false,
        description = {"Print the events of account-events: all of them, those from an instant on, or one account's.",
                "One line per event: partition:offset, occurredAt, accountId, version, type, data, eventId. "
                        + "A summary goes to stderr."})
public final class EventsCommand implements Callable<Integer> {
    /** Shown in their own columns. */
    private static final Set<String> ENVELOPE = Set.of("accountId", "version", "occurredAt");

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = TopicNames.EVENTS,
            description = "the event store topic (default: ${DEFAULT-VALUE})")
    private String eventsTopic;

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "start, per partition, at the first event whose timestamp (occurredAt) is at or after "
                    + "this instant (default: the beginning)")
    private Instant from;

    @Option(names = "--account", paramLabel = "ACCOUNT_ID", description = "only this account's events")
    private String account;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final EventStoreReader reader = new EventStoreReader(kafka.clientProperties(), eventsTopic, kafka.timeout());
        final long[] printed = {0};
        final ReadSummary summary = reader.forEachFrom(from, event -> {
            if (account == null || account.equals(event.accountId())) {
                out.println(line(event));
                printed[0]++;
            }
        });
        out.flush();
        spec.commandLine().getErr().printf("# %d event(s) printed of %d read from %d partition(s) of %s; skipped: "
                        + "%d of unknown type, %d unreadable%n", printed[0], summary.delivered(),
                summary.ranges().size(), eventsTopic, summary.skippedUnknown(), summary.skippedMalformed());
        return ExitCodes.OK;
    }

    static String line(final StoredEvent event) {
        final StringJoiner columns = new StringJoiner("  ");
        columns.add(event.partition() + ":" + event.offset()).add(event.event().occurredAt().toString())
                .add(event.accountId()).add("v" + event.version()).add(event.type());
        final String data = data(event);
        if (!data.isEmpty()) {
            columns.add(data);
        }
        return columns.add("eventId=" + event.eventId()).toString();
    }

    /** The domain event's own fields, e.g. {@code amount=25.50 description=salary}. */
    private static String data(final StoredEvent event) {
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
            if (value != null) {
                fields.add(component.getName() + "=" + (value instanceof BigDecimal amount ? amount.toPlainString()
                        : value));
            }
        }
        return fields.toString();
    }
}
