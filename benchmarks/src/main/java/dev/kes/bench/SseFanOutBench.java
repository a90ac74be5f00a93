package dev.kes.bench;

import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.TopicNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code sse-fanout}: {@value #SUBSCRIBERS} clients on {@code GET /events/stream} of one projection service while a
 * transactional producer commits {@code MoneyDeposited} events at {@code --rate} per second (open loop, a transaction
 * every {@value #TICK_MS} ms, as the command service commits its batches). Each event's commit-to-delivery latency is
 * the time from its transaction's {@code commitTransaction()} call to its {@code data:} line reaching a
 * subscriber (an upper bound: the commit completes during that call), for every subscriber; the first {@code --warmup} seconds are not recorded. The {@code --accounts}
 * are opened before the subscribers connect, so the projection applies every deposit as a real one.
 */
final class SseFanOutBench {
    static final int SUBSCRIBERS = 50;
    private static final long TICK_MS = 10;
    private static final String EVENT_ID_PREFIX = "\"eventId\":\"sse-";

    private SseFanOutBench() {}

    static Result run(final BenchKafka kafka, final BenchOptions options) throws InterruptedException {
        final String name = kafka.uniqueName("sse");
        final String topic = TopicNames.prefixed(name).events();
        final ProjectionServiceConfig config = ServiceConfigs.projection(kafka, name, "a", topic, options, 0);
        final int total = options.rate() * (options.warmupSeconds() + options.durationSeconds());
        final int firstMeasured = options.rate() * options.warmupSeconds();
        final AtomicLongArray committedAt = new AtomicLongArray(total);
        final LatencyRecorder latency = new LatencyRecorder();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong early = new AtomicLong();
        final List<Subscriber> subscribers = new ArrayList<>();
        final long sendLagMs;
        final long measuredNanos;
        try (ProjectionService service = ProjectionService.start(config)) {
            kafka.awaitServed(List.of(topic)); // created by the service (retention.ms=-1), served before producing
            final long[] lag = new long[1];
            final long[] window = new long[2];
            produce(kafka, topic, options, total, firstMeasured, committedAt, lag, window, () -> {
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    subscribers.add(
                            Subscriber.open(service.httpPort(), committedAt, firstMeasured, latency, delivered, early));
                }
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (subscribers.stream().anyMatch(s -> !s.connected) && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling the readers' flags
                }
            });
            sendLagMs = lag[0];
            measuredNanos = window[1] - window[0];
            final long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (subscribers.stream().anyMatch(s -> s.received.get() < total) && System.nanoTime() < drainDeadline) {
                Thread.sleep(10);
            }
            subscribers.forEach(Subscriber::close);
        }
        final LatencyRecorder.Snapshot lat = latency.snapshot();
        final long complete =
                subscribers.stream().filter(s -> s.received.get() == total).count();
        final long measuredDeliveries = lat.count();
        return new Result("sse-fanout")
                .add("subscribers", "subscribers", SUBSCRIBERS, "")
                .offeredLoad("offered event rate (open loop)", options, "events/s")
                .add("partitions", "partitions", options.partitions(), "")
                .add("events", "events committed", total, "")
                .add(
                        "deliveredPerSec",
                        "delivered in the window (all subscribers)",
                        Result.round1(measuredDeliveries / (measuredNanos / 1e9)),
                        "events/s")
                .add("subscribersComplete", "subscribers that got every event", complete, "")
                .add("deliveredTotal", "events delivered (all subscribers)", delivered.get(), "")
                .latencies("", "commit-to-delivery", lat, 50, 90, 99, 99.9)
                .add(
                        "beforeCommitReturned",
                        "delivered before commitTransaction() was called (counted 0)",
                        early.get(),
                        "")
                .add("maxSendLagMs", "producer late by at most", sendLagMs, "ms")
                .add("aimP99Ms", "aim: p99 <= 250 ms at 500 events/s", 250, "ms");
    }

    /** Open loop: every tick, one transaction with the events due by then; commit times recorded per event. */
    private static void produce(
            final BenchKafka kafka,
            final String topic,
            final BenchOptions options,
            final int total,
            final int firstMeasured,
            final AtomicLongArray committedAt,
            final long[] lag,
            final long[] window,
            final Runnable opened) {
        final Map<String, Object> props = kafka.producerSettings();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer");
        final AvroCodec codec = AvroCodec.shipped();
        final Metadata metadata = Metadata.newBuilder().build();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            // the accounts are opened first, before the subscribers' start: the projection then applies every
            // deposit as it would the command service's, instead of logging each as an event before its opening
            producer.beginTransaction();
            for (int a = 0; a < options.accounts(); a++) {
                final String account = "acc-" + a;
                producer.send(new ProducerRecord<>(
                        topic,
                        account,
                        codec.encode(new AccountOpened(
                                "open-" + a, account, 1L, Instant.now(), metadata, "Bench", new BigDecimal("1.00")))));
            }
            producer.commitTransaction();
            opened.run();
            final long start = System.nanoTime();
            int sent = 0;
            while (sent < total) {
                final long now = System.nanoTime();
                final int due = (int) Math.min(total, (now - start) * options.rate() / 1_000_000_000L + 1);
                if (due > sent) {
                    lag[0] = Math.max(
                            lag[0],
                            TimeUnit.NANOSECONDS.toMillis(
                                    now - (start + (long) sent * 1_000_000_000L / options.rate())));
                    if (sent <= firstMeasured && due > firstMeasured) {
                        window[0] = now;
                    }
                    producer.beginTransaction();
                    final int from = sent;
                    for (; sent < due; sent++) {
                        final String account = "acc-" + (sent % options.accounts());
                        final long version = 2L + sent / options.accounts();
                        final MoneyDeposited event = new MoneyDeposited(
                                "sse-" + sent,
                                account,
                                version,
                                Instant.now(),
                                metadata,
                                new BigDecimal("1.00"),
                                "benchmark",
                                null);
                        producer.send(new ProducerRecord<>(topic, account, codec.encode(event)));
                    }
                    // the commit's start: readers may see the events before commitTransaction() returns (the markers
                    // are written before its answer), so its return would make some latencies negative
                    final long committing = System.nanoTime();
                    for (int i = from; i < sent; i++) {
                        committedAt.set(i, committing);
                    }
                    producer.commitTransaction();
                }
                LockSupport.parkNanos(Math.max(0, TimeUnit.MILLISECONDS.toNanos(TICK_MS) - (System.nanoTime() - now)));
            }
            window[1] = System.nanoTime();
        }
    }

    /** One SSE client on its own thread: parses the stream and records each event's latency. */
    private static final class Subscriber {
        final AtomicLong received = new AtomicLong();
        volatile boolean connected;
        private final InputStream body;

        private Subscriber(final InputStream body) {
            this.body = body;
        }

        /**
         * A plain socket and an HTTP/1.0 request, read by this subscriber's own thread: the response is the raw
         * stream (no chunked framing), and no client library's shared selector thread sits between the server and
         * the measurement.
         */
        static Subscriber open(
                final int port,
                final AtomicLongArray committedAt,
                final int firstMeasured,
                final LatencyRecorder latency,
                final AtomicLong delivered,
                final AtomicLong early) {
            final InputStream body;
            try {
                final Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream()
                        .write(("GET /events/stream HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                                        + "Accept: text/event-stream\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                body = socket.getInputStream();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a stream on port " + port + ": " + e.getMessage(), e);
            }
            final Subscriber subscriber = new Subscriber(body);
            final Thread reader = new Thread(
                    () -> subscriber.read(committedAt, firstMeasured, latency, delivered, early), "sse-subscriber");
            reader.setDaemon(true);
            reader.start();
            return subscriber;
        }

        private void read(
                final AtomicLongArray committedAt,
                final int firstMeasured,
                final LatencyRecorder latency,
                final AtomicLong delivered,
                final AtomicLong early) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                final String status = lines.readLine();
                if (status == null || !status.contains(" 200 ")) {
                    throw new IllegalStateException("the stream answered " + status);
                }
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("id: ")) {
                        connected = true;
                    } else if (line.startsWith("data: ")) {
                        final long now = System.nanoTime();
                        final int at = line.indexOf(EVENT_ID_PREFIX);
                        int end = at + EVENT_ID_PREFIX.length();
                        while (Character.isDigit(line.charAt(end))) {
                            end++;
                        }
                        final int seq = Integer.parseInt(line, at + EVENT_ID_PREFIX.length(), end, 10);
                        received.incrementAndGet();
                        delivered.incrementAndGet();
                        if (seq >= firstMeasured) {
                            final long committed = committedAt.get(seq);
                            if (committed == 0) {
                                early.incrementAndGet();
                            }
                            latency.record(committed == 0 ? 0 : Math.max(0, now - committed));
                        }
                    }
                }
            } catch (IOException e) {
                // closed at the end of the run
            }
        }

        void close() {
            try {
                body.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
