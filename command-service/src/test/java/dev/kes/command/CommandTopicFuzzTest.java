package dev.kes.command;

import static dev.kes.command.testing.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.kes.command.testing.CapturedLogs;
import dev.kes.command.testing.HostileCommandRecords;
import dev.kes.command.testing.HostileCommandRecords.Fate;
import dev.kes.command.testing.HostileCommandRecords.Planned;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.RawIngestion;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.DeadLetterHeaders;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz of the commands topic: good commands interleaved with poison (random bytes, empty and null values,
 * truncated encodings, unknown fingerprints, mutated and wrong schemas, oversized values) and with readable commands
 * that are wrong (key not the account, no key, bad amounts, bad ids). Poison is dead-lettered with its key, bytes
 * and reason; a wrong command gets a rejection and no event; every good command gets its result and its events,
 * versions without gaps; the processor keeps running, no stream thread failing on the way. {@code -Dfuzz.seed} and {@code -Dfuzz.cases} as for the
 * HTTP fuzz.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandTopicFuzzTest {
    private static final long DEFAULT_SEED = 20_261_126L;
    private static final int DEFAULT_CASES = 500;
    private static final int ACCOUNTS = 6;

    private final long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    private final int cases = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
    private final AvroCodec codec = AvroCodec.shipped();

    @AutoClose
    private RawIngestion ingestion;

    /** A planned record and where it landed. */
    private record Sent(Planned planned, RecordMetadata where) {}

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        ingestion = RawIngestion.start(kafka, "topic-fuzz", state);
    }

    @Test
    void poisonIsDeadLetteredWrongCommandsRejectedGoodOnesApplied() throws Exception {
        final String context =
                "seed " + seed + ", " + cases + " records; replay with -Dfuzz.seed=" + seed + " -Dfuzz.cases=" + cases;
        // a stream thread that dies is replaced (CommandService): RUNNING alone would not show it, its log line does
        final CapturedLogs logs = new CapturedLogs(Level.ERROR, CommandService.class.getName());
        try (logs) {
            fuzz(context);
        }
        assertThat(logs.lines())
                .as("stream threads that failed (%s)", context)
                .noneMatch(line -> line.contains("stream thread failed"));
        assertThat(ingestion.service().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private void fuzz(final String context) throws Exception {
        final List<Sent> sent = produce(new HostileCommandRecords(seed, "tf" + seed).generate(ACCOUNTS, cases));
        final List<Sent> poison = sent.stream()
                .filter(s -> s.planned().fate() == Fate.DEAD_LETTERED)
                .toList();
        final List<Sent> answered = sent.stream()
                .filter(s -> s.planned().fate() != Fate.DEAD_LETTERED)
                .toList();

        final Map<String, CommandResult> results = awaitResults(answered);
        for (final Sent s : answered) {
            final CommandResult result = results.get(s.planned().commandId());
            if (s.planned().fate() == Fate.ACCEPTED) {
                assertThat(result.getOutcome())
                        .as("%s (%s): %s", s.planned(), context, result)
                        .isEqualTo(Outcome.ACCEPTED);
            } else {
                assertThat(result.getOutcome())
                        .as("%s (%s)", s.planned(), context)
                        .isEqualTo(Outcome.REJECTED);
                assertThat(result.getRejection().getCode())
                        .as("%s (%s)", s.planned(), context)
                        .isEqualTo(RejectionCode.INVALID_COMMAND);
            }
        }

        final List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(60))
                .until(() -> ingestion.deadLetters(), all -> all.size() >= poison.size());
        assertThat(dead).as("exactly the poison is dead-lettered (%s)", context).hasSize(poison.size());
        final Map<String, ConsumerRecord<String, byte[]>> bySource = dead.stream()
                .collect(Collectors.toMap(
                        d -> header(d, DeadLetterHeaders.SOURCE_PARTITION) + "@"
                                + header(d, DeadLetterHeaders.SOURCE_OFFSET),
                        Function.identity()));
        for (final Sent s : poison) {
            final ConsumerRecord<String, byte[]> letter =
                    bySource.get(s.where().partition() + "@" + s.where().offset());
            assertThat(letter)
                    .as("dead letter of %s (%s)", s.planned(), context)
                    .isNotNull();
            assertThat(letter.key()).as("%s", s.planned()).isEqualTo(s.planned().key());
            assertThat(letter.value())
                    .as("%s", s.planned())
                    .isEqualTo(s.planned().value());
            assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS))
                    .as("%s (%s)", s.planned(), context)
                    .isEqualTo(s.planned().errorClass());
            assertThat(header(letter, DeadLetterHeaders.REASON))
                    .as("%s", s.planned())
                    .isNotBlank();
            assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC))
                    .isEqualTo(ingestion.topics().commands());
        }

        assertEventsGapFree(answered, context);
        // and the service still answers a command end to end
        final HttpTestClient http = TestServices.http(ingestion.service());
        final String account = sent.get(0).planned().accountId();
        final HttpResponse<String> deposit = http.postJson("/accounts/" + account + "/deposits", "{\"amount\":\"1\"}");
        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
    }

    private List<Sent> produce(final List<Planned> planned) throws Exception {
        final List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (final Planned p : planned) {
            futures.add(ingestion.send(p.key(), p.value()));
        }
        final List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            sent.add(new Sent(planned.get(i), futures.get(i).get(30, TimeUnit.SECONDS)));
        }
        return sent;
    }

    private Map<String, CommandResult> awaitResults(final List<Sent> answered) {
        final List<String> ids =
                answered.stream().map(s -> s.planned().commandId()).toList();
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> ingestion.results().stream()
                                .collect(Collectors.toMap(
                                        ConsumerRecord::key,
                                        r -> codec.decode(r.value(), CommandResult.class),
                                        (first, retry) -> first)),
                        found -> found.keySet().containsAll(ids));
    }

    /** Each account has exactly its opening and its good commands as events, versions 1..n; no one else has any. */
    private void assertEventsGapFree(final List<Sent> answered, final String context) {
        final Map<String, Long> acceptedPerAccount = answered.stream()
                .filter(s -> s.planned().fate() == Fate.ACCEPTED)
                .collect(Collectors.groupingBy(s -> s.planned().accountId(), Collectors.counting()));
        final Map<String, List<Long>> versions = ingestion.events().stream()
                .collect(Collectors.groupingBy(
                        StoredEvent::accountId, Collectors.mapping(StoredEvent::version, Collectors.toList())));
        assertThat(versions.keySet())
                .as("accounts with events (%s)", context)
                .containsExactlyInAnyOrderElementsOf(acceptedPerAccount.keySet());
        acceptedPerAccount.forEach((account, count) -> assertThat(versions.get(account))
                .as("%s (%s)", account, context)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, count).boxed().toList()));
    }
}
