package dev.kes.bench;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.CommandTopics;
import dev.kes.command.topology.PersonalSealing;
import dev.kes.domain.AccountEvent;
import dev.kes.projection.ProjectionService;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.mapping.EventMapping;
import dev.kes.service.personal.PersonalData;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What sealing personal data costs (docs/adr/0016), in one run.
 *
 * <ol>
 *   <li>Command path, {@code --rounds} rounds, the variants alternating: {@code --records} OpenAccount commands with a
 *       clear holder pre-loaded to a fresh commands topic, then the command service's Streams app timed until every
 *       one has its result and event, once sealing them (a new data key per account, then AES-GCM) and once with
 *       sealing left out ({@link PersonalSealing#off()}, a benchmark hook, not a setting); then, in the same app,
 *       {@code --records} deposits to those accounts, as {@code command-ingestion} times them. Each cost is one minus
 *       the median over rounds of sealed rate / off rate.</li>
 *   <li>HTTP, once, against a running command service and projection: closed-loop {@code POST /accounts} (seals)
 *       beside {@code POST /accounts/{id}/deposits} (no personal field), then {@code GET /accounts/{id}} of accounts
 *       whose holder is sealed (one decryption each) beside the same read of accounts whose events hold it in clear
 *       (written before encryption: nothing to decrypt).</li>
 * </ol>
 */
final class PersonalDataCostBench {
    static final String NAME = "personal-data-cost";
    static final double AIM = 0.10;
    static final String SEALED = "sealed";
    static final String OFF = "off";
    /** HTTP requests per measured kind (at most {@code --records}), after as many unmeasured ones. */
    private static final int HTTP_REQUESTS = 200;

    private PersonalDataCostBench() {}

    /** The variants of round {@code round} (1-based), in the order they run. */
    static List<String> order(final int round) {
        return AlternatingRounds.order(round, SEALED, OFF);
    }

    static Result run(
            final BenchKafka kafka, final BenchOptions options, final int rounds, final Consumer<Result> print)
            throws InterruptedException {
        final long interval = options.commitIntervals().get(0);
        final double[] ratio = new double[rounds];
        final double[] depositRatio = new double[rounds];
        final double[][] micros = new double[2][rounds];
        for (int round = 1; round <= rounds; round++) {
            final Map<String, Double> rate = new HashMap<>();
            final Map<String, Double> depositRate = new HashMap<>();
            final Result row = new Result(NAME + "-round")
                    .add("round", "round", round, "")
                    .add("order", "order", String.join(", ", order(round)), "");
            for (final String variant : order(round)) {
                final Ingested ingested = ingest(kafka, options, interval, variant.equals(SEALED));
                final Result run = new Result(NAME + "-" + variant);
                StreamsRun.addTo(run, ingested.opens(), "commands");
                final Result deposits = new Result(NAME + "-" + variant + "-deposits");
                StreamsRun.addTo(deposits, ingested.deposits(), "commands");
                rate.put(variant, run.number("steadyPerSec"));
                depositRate.put(variant, deposits.number("steadyPerSec"));
                micros[variant.equals(SEALED) ? 0 : 1][round - 1] = run.number("streamThreadMicrosPerInput");
                row.add(
                                variant + "PerSec",
                                variant + ": OpenAccount ingestion (steady)",
                                Math.round(run.number("steadyPerSec")) * 1.0,
                                "cmd/s")
                        .add(
                                variant + "Micros",
                                variant + ": stream thread CPU per command",
                                run.number("streamThreadMicrosPerInput"),
                                "us")
                        .add(
                                variant + "DepositsPerSec",
                                variant + ": command-ingestion, deposits (steady)",
                                Math.round(deposits.number("steadyPerSec")) * 1.0,
                                "cmd/s");
            }
            ratio[round - 1] = rate.get(SEALED) / rate.get(OFF);
            depositRatio[round - 1] = depositRate.get(SEALED) / depositRate.get(OFF);
            row.add("ratio", "sealed / off, opens", Result.round1(ratio[round - 1] * 100), "%")
                    .add("depositRatio", "sealed / off, deposits", Result.round1(depositRatio[round - 1] * 100), "%");
            print.accept(row);
        }
        final double cost = 1 - AlternatingRounds.median(ratio);
        final double depositCost = 1 - AlternatingRounds.median(depositRatio);
        final Result result = new Result(NAME)
                .add("rounds", "rounds (variants alternating)", rounds, "")
                .add("records", "OpenAccount commands, then deposits, per run", options.records(), "")
                .add("partitions", "partitions", options.partitions(), "")
                .add("commitIntervalMs", "commit.interval.ms", interval, "")
                .add("ratios", "sealed / off per round, opens", AlternatingRounds.percents(ratio), "")
                .add("costPercent", "OpenAccount path cost (1 - median ratio)", Result.round1(cost * 100), "%")
                .add(
                        "microsMedian",
                        "stream thread CPU per OpenAccount, median sealed / off",
                        AlternatingRounds.medians(micros),
                        "us")
                .add("depositRatios", "sealed / off per round, deposits", AlternatingRounds.percents(depositRatio), "")
                .add(
                        "depositCostPercent",
                        "command-ingestion cost (1 - median ratio)",
                        Result.round1(depositCost * 100),
                        "%")
                .add("meetsAim", "command-ingestion cost <= 10%", depositCost <= AIM, "")
                .add("opensMeetAim", "OpenAccount path cost <= 10%", cost <= AIM, "");
        http(kafka, options, interval, result);
        return result;
    }

    /** What one variant's app took: the OpenAccount commands, then command-ingestion's deposits to those accounts. */
    record Ingested(StreamsRun.Timing opens, StreamsRun.Timing deposits) {}

    /**
     * {@code --records} OpenAccount commands with a clear holder through a fresh command app, sealing or not; then, as
     * {@code command-ingestion} does, {@code --records} deposits to those accounts (drawn uniformly) through the same
     * app started again: the command path as users run it, sealing on (the service) or off.
     */
    static Ingested ingest(final BenchKafka kafka, final BenchOptions options, final long interval, final boolean seal)
            throws InterruptedException {
        final String name = kafka.uniqueName("pdc-" + (seal ? SEALED : OFF) + "-ci" + interval);
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, interval);
        final TopicNames topics = config.topics();
        TopicProvisioner.ensure(kafka.admin(), CommandTopics.specs(config));
        kafka.awaitServed(
                List.of(topics.commands(), topics.events(), topics.results(), topics.dlq(), topics.personalKeys()));
        final int records = options.records();
        final String[] accounts = Commands.accountIds(records);
        Loader.send(
                kafka.producerSettings(),
                topics.commands(),
                records,
                i -> accounts[i],
                i -> Commands.open(accounts[i]));
        try (PersonalData personal = seal
                ? PersonalData.open(
                        config.kafka(), topics.personalKeys(), config.common().personal())
                : null) {
            final PersonalSealing sealing = seal ? PersonalSealing.with(personal) : PersonalSealing.off();
            final StreamsRun.Timing opens =
                    CommandIngestionBench.process(kafka, config, records, AvroCodec.shipped(), sealing);
            final int[] target =
                    ThreadLocalRandom.current().ints(records, 0, records).toArray();
            Loader.send(
                    kafka.producerSettings(),
                    topics.commands(),
                    records,
                    i -> accounts[target[i]],
                    i -> Commands.deposit(accounts[target[i]], AvroCodec.shipped()));
            return new Ingested(
                    opens, CommandIngestionBench.process(kafka, config, records, AvroCodec.shipped(), sealing));
        }
    }

    /** The HTTP figures, added to {@code result}. */
    private static void http(
            final BenchKafka kafka, final BenchOptions options, final long interval, final Result result)
            throws InterruptedException {
        final String name = kafka.uniqueName("pdc-http");
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, interval);
        final HttpClient client = ServiceHttp.client();
        final int requests = 2 * Math.min(HTTP_REQUESTS, options.records());
        try (CommandService commands = CommandService.start(config);
                ProjectionService projection = ProjectionService.start(ServiceConfigs.projection(
                        kafka, name + "-q", "a", config.topics().events(), options, 0))) {
            final String command = "http://127.0.0.1:" + commands.httpPort();
            final String query = "http://127.0.0.1:" + projection.httpPort();
            ServiceHttp.awaitReady(client, command, "command-service");
            ServiceHttp.awaitReady(client, query, "projection-service");
            final List<String> sealed = new ArrayList<>();
            final double opens = timed(requests, i -> {
                final String id = name + "-s" + i;
                sealed.add(id);
                post(
                        client,
                        command + "/accounts",
                        "{\"accountId\":\"" + id + "\",\"holder\":\"Benchmark Holder\",\"initialDeposit\":\"100.00\"}");
            });
            final double deposits = timed(
                    requests,
                    i -> post(
                            client,
                            command + "/accounts/" + sealed.get(i % sealed.size()) + "/deposits",
                            "{\"amount\":\"1.00\"}"));
            final List<String> clear = writeClearOpenings(kafka, config.topics().events(), name, requests);
            awaitVisible(client, query, sealed.get(sealed.size() - 1));
            awaitVisible(client, query, clear.get(clear.size() - 1));
            final double sealedReads =
                    timed(requests, i -> read(client, query + "/accounts/" + sealed.get(i % sealed.size())));
            final double clearReads =
                    timed(requests, i -> read(client, query + "/accounts/" + clear.get(i % clear.size())));
            result.add("httpOpensPerSec", "HTTP POST /accounts (seals), one client", Math.round(opens) * 1.0, "req/s")
                    .add(
                            "httpDepositsPerSec",
                            "HTTP POST deposits (no personal field), one client",
                            Math.round(deposits) * 1.0,
                            "req/s")
                    .add("httpOpenRatio", "opens / deposits", Result.round1(opens / deposits * 100), "%")
                    .add(
                            "httpSealedReadsPerSec",
                            "HTTP GET /accounts/{id}, holder sealed (decrypted), one client",
                            Math.round(sealedReads) * 1.0,
                            "req/s")
                    .add(
                            "httpClearReadsPerSec",
                            "HTTP GET /accounts/{id}, holder in clear (old events), one client",
                            Math.round(clearReads) * 1.0,
                            "req/s")
                    .add("httpReadRatio", "sealed / clear reads", Result.round1(sealedReads / clearReads * 100), "%");
        }
    }

    private interface Request {
        void send(int index) throws InterruptedException;
    }

    /** Requests per second of the second half of {@code count} sequential requests (the first half warms up). */
    private static double timed(final int count, final Request request) throws InterruptedException {
        final int warmUp = count / 2;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (i == warmUp) {
                start = System.nanoTime();
            }
            request.send(i);
        }
        return (count - warmUp) / ((System.nanoTime() - start) / 1e9);
    }

    private static void post(final HttpClient client, final String url, final String json) throws InterruptedException {
        final HttpResponse<String> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static void read(final HttpClient client, final String url) throws InterruptedException {
        final HttpResponse<String> response = ServiceHttp.get(client, url);
        if (response.statusCode() != 200 || !response.body().contains("Holder")) {
            throw new IllegalStateException("GET " + url + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static void awaitVisible(final HttpClient client, final String query, final String account)
            throws InterruptedException {
        final long deadline = System.nanoTime() + ServiceHttp.READY_TIMEOUT.toNanos();
        while (ServiceHttp.get(client, query + "/accounts/" + account).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(account + " not visible in the projection");
            }
            Thread.sleep(50);
        }
    }

    /** Accounts opened by events with a clear holder, as written before encryption existed. */
    private static List<String> writeClearOpenings(
            final BenchKafka kafka, final String events, final String name, final int count) {
        final List<String> accounts = new ArrayList<>();
        final AvroCodec codec = AvroCodec.shipped();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.producerSettings(), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                final String id = name + "-c" + i;
                accounts.add(id);
                producer.send(new ProducerRecord<>(
                        events,
                        id,
                        codec.encode(EventMapping.toAvro(
                                new AccountEvent.AccountOpened(
                                        id, 1, Instant.now(), "Benchmark Holder", new BigDecimal("100.00")),
                                UUID.randomUUID().toString(),
                                Metadata.newBuilder().build()))));
            }
            producer.flush();
        }
        return accounts;
    }
}
