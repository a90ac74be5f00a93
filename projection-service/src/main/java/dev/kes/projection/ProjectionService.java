package dev.kes.projection;

import dev.kes.projection.feed.KafkaEventLog;
import dev.kes.projection.http.ConsoleRoutes;
import dev.kes.projection.http.QueryRoutes;
import dev.kes.projection.http.StatusRoutes;
import dev.kes.projection.metrics.ProjectionLag;
import dev.kes.projection.query.ChangeSignals;
import dev.kes.projection.query.Placement;
import dev.kes.projection.query.StartingDirectory;
import dev.kes.projection.query.StartingQueries;
import dev.kes.projection.query.StreamsAccountDirectory;
import dev.kes.projection.query.StreamsAccountQueries;
import dev.kes.projection.status.LagWatch;
import dev.kes.projection.status.ProjectionReadiness;
import dev.kes.projection.status.RestoringStores;
import dev.kes.projection.topology.ProjectionMetrics;
import dev.kes.projection.topology.ProjectionStreamsConfig;
import dev.kes.projection.topology.ProjectionTopology;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.ServiceLifecycle;
import dev.kes.service.ServiceStreams;
import dev.kes.service.StreamsService;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.Readiness;
import dev.kes.service.kafka.Durability;
import dev.kes.service.kafka.EventTopic;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.metrics.ServiceMetrics;
import dev.kes.service.personal.PersonalData;
import dev.kes.service.personal.PersonalKeysTopic;
import dev.kes.service.tracing.Tracing;
import io.micrometer.core.instrument.Gauge;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running projection service: the HTTP API binds first (its port is what Kafka Streams advertises for
 * query routing), then the Streams application starts. Closed in reverse order, once: the streams (leaving the
 * group, so the others' standby copies become active at once), the live event streams, the HTTP API, the rest.
 * {@code GET /metrics} exposes {@link ProjectionMetrics}, the projection lag ({@link ProjectionLag}), the HTTP
 * requests, the Kafka Streams metrics and JVM basics. {@code /health/ready} and {@code GET /projection/status}:
 * {@link ProjectionReadiness}.
 */
public final class ProjectionService extends StreamsService {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionService.class);
    /** Queries of this instance waiting for their {@code ?position=} now. */
    static final String POSITION_WAITS = "kes_projection_position_waits";
    /** How often readiness reads the lag from the brokers: probes in between read the last reading. */
    private static final Duration LAG_READING_PERIOD = Duration.ofSeconds(1);

    private final StartingQueries queries;

    private ProjectionService(
            final ServiceLifecycle lifecycle, final KafkaStreams streams, final StartingQueries queries) {
        super(lifecycle, streams);
        this.queries = queries;
    }

    /**
     * Starts the service; with {@code schema.registry.url} it first checks that the registry answers, so a wrong
     * URL fails the start with the URL in the message.
     */
    public static ProjectionService start(final ProjectionServiceConfig config) {
        LOG.info("starting with {}", config);
        return start(config, Codecs.forReading(config.schemaRegistry()));
    }

    /** Starts the service reading events with {@code codec} (built once per service, e.g. over another registry). */
    public static ProjectionService start(final ProjectionServiceConfig config, final AvroCodec codec) {
        return start(config, codec, GlobalOpenTelemetry.get());
    }

    /** As above, tracing with {@code openTelemetry} (README "Tracing"; a no-op one traces nothing). */
    public static ProjectionService start(
            final ProjectionServiceConfig config, final AvroCodec codec, final OpenTelemetry openTelemetry) {
        final Tracing tracing = Tracing.of(openTelemetry);
        LOG.info(
                "reading both framings; schema ids looked up in {}",
                codec.registry().map(r -> "the schema registry " + r.location()).orElse("no registry"));
        final ServiceLifecycle lifecycle = new ServiceLifecycle(LOG, "projection-service", config.common());
        return lifecycle.start(() -> {
            // kept open: the lag gauge asks the brokers for offsets at every scrape
            final Admin admin = Admin.create(config.kafka());
            lifecycle.started(() -> admin.close(Duration.ofSeconds(5)));
            final ServiceMetrics metrics = lifecycle.started(ServiceMetrics.create());
            final StartingQueries queries = new StartingQueries();
            final StartingDirectory directory = new StartingDirectory();
            // the topology tells it of each applied event, and the ?position= waits of this instance's queries listen
            final ChangeSignals changes = new ChangeSignals();
            TopicProvisioner.ensure(
                    admin,
                    List.of(
                            EventTopic.spec(config.topics().events(), config.partitions(), config.replicationFactor()),
                            PersonalKeysTopic.spec(config.topics().personalKeys(), config.replicationFactor())),
                    config.minInsyncReplicas());
            // a missing or wrong key-encryption key stops the start here; reveals holders on the read paths only
            final PersonalData personal = lifecycle.started(PersonalData.open(
                    config.kafka(),
                    config.topics().personalKeys(),
                    config.common().personal()));
            Durability.warnIfNotDurable(admin, config.topics().events());
            Gauge.builder(POSITION_WAITS, changes, ChangeSignals::watching)
                    .strongReference(true)
                    .register(metrics.registry());
            final ProjectionLag lag = new ProjectionLag(
                    admin, config.applicationId(), config.topics().events(), metrics.registry());
            final LagWatch lagWatch = new LagWatch(lag, LAG_READING_PERIOD);
            final RestoringStores restoring = new RestoringStores();
            final ProjectionReadiness projection = new ProjectionReadiness(
                    config.applicationId(),
                    config.topics().events(),
                    config.readyMaxLag(),
                    lagWatch,
                    restoring,
                    metrics.registry());
            final Readiness readiness = lifecycle.watching(projection);
            lifecycle.started(lagWatch.start(readiness::notReadyReason));
            // reads the events topic itself, every partition, whichever Streams tasks this instance runs
            final KafkaEventLog feed = lifecycle.started(KafkaEventLog.start(
                    config.kafka(),
                    config.topics().events(),
                    config.applicationId() + "-feed",
                    codec,
                    Json.mapper(),
                    config.eventStreams().queueCapacity(),
                    metrics.registry(),
                    personal));
            final HttpServer http = lifecycle.listening(HttpServer.start(
                    config.httpOptions().withRegistry(metrics.registry()).withTracing(tracing),
                    Json.mapper(),
                    readiness,
                    () -> {
                        lag.refresh();
                        return metrics.scrape();
                    },
                    app -> {
                        QueryRoutes.register(
                                app,
                                queries,
                                changes,
                                config.positionWait(),
                                config.positionRecheck(),
                                Clock.systemUTC());
                        QueryRoutes.registerDirectory(app, directory, config.positionWait());
                        ConsoleRoutes.register(app, config.uiCommandUrl());
                        QueryRoutes.registerFeed(app, feed, config.eventStreams(), metrics.registry());
                        StatusRoutes.register(app, projection::status);
                    }));
            // again, to close before the HTTP server: ending the live streams lets their requests return
            lifecycle.started(feed);
            final ProjectionServiceConfig bound = config.withHttpPort(http.port());
            final KafkaStreams streams = new KafkaStreams(
                    ProjectionTopology.build(bound, new ProjectionMetrics(metrics.registry()), codec, changes, tracing),
                    ProjectionStreamsConfig.properties(bound));
            ServiceStreams.manage(lifecycle, streams, metrics, readiness, config.common());
            streams.setGlobalStateRestoreListener(restoring);
            queries.attach(new StreamsAccountQueries(
                    streams, new HostInfo(bound.advertisedHost(), http.port()), codec, personal));
            directory.attach(new StreamsAccountDirectory(
                    streams,
                    new HostInfo(bound.advertisedHost(), http.port()),
                    bound.topics().events(),
                    personal));
            projection.attach(streams, new HostInfo(bound.advertisedHost(), http.port()));
            streams.start();
            return new ProjectionService(lifecycle, streams, queries);
        });
    }

    /** Which instances hold an account's partition, as this instance sees it now (a 503 problem while unknown). */
    public Placement placement(final String accountId) {
        return queries.placement(accountId);
    }
}
