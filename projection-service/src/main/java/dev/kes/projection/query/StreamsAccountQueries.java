package dev.kes.projection.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.projection.topology.StoreNames;
import dev.kes.schemas.view.AccountView;
import dev.kes.service.http.Problem;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Interactive queries over the {@code balances} store (IQv2): answered from the local store when this instance
 * owns the key's partition, otherwise forwarded over HTTP to the owner that Kafka Streams' metadata names.
 */
public final class StreamsAccountQueries implements AccountQueries {
    public static final String FORWARDED_HEADER = "X-Kes-Forwarded";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;
    private final ObjectMapper mapper;

    public StreamsAccountQueries(final KafkaStreams streams, final HostInfo self, final ObjectMapper mapper) {
        this.streams = streams;
        this.self = self;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public QueryAnswer<AccountResponse> account(final String accountId, final boolean forwarded) {
        requireRunning();
        final KeyQueryMetadata owner = streams.queryMetadataForKey(StoreNames.BALANCES, accountId,
                Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw unavailable("the owner of this account is not known yet (rebalancing)");
        }
        if (forwarded || owner.activeHost().equals(self)) {
            return new QueryAnswer<>(local(accountId, owner.partition()).map(AccountViews::toResponse),
                    hostString(self), !owner.activeHost().equals(self));
        }
        return forward(owner.activeHost(), accountId);
    }

    private Optional<AccountView> local(final String accountId, final int partition) {
        final StateQueryResult<AccountView> result = streams.query(StateQueryRequest.inStore(StoreNames.BALANCES)
                .withQuery(KeyQuery.<String, AccountView>withKey(accountId))
                .withPartitions(Set.of(partition)));
        final QueryResult<AccountView> partitionResult = result.getPartitionResults().get(partition);
        if (partitionResult == null || partitionResult.isFailure()) {
            throw unavailable("the store of partition " + partition + " is not queryable here"
                    + (partitionResult == null ? "" : ": " + partitionResult.getFailureMessage()));
        }
        return Optional.ofNullable(partitionResult.getResult());
    }

    private QueryAnswer<AccountResponse> forward(final HostInfo owner, final String accountId) {
        final URI uri = URI.create("http://" + hostString(owner) + "/accounts/"
                + URLEncoder.encode(accountId, StandardCharsets.UTF_8));
        try {
            final HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
                            .header(FORWARDED_HEADER, "true").timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return new QueryAnswer<>(Optional.empty(), hostString(owner), false);
            }
            if (response.statusCode() != 200) {
                throw unavailable("the owner " + hostString(owner) + " answered " + response.statusCode());
            }
            return new QueryAnswer<>(Optional.of(mapper.readValue(response.body(), AccountResponse.class)),
                    hostString(owner), false);
        } catch (IOException e) {
            throw unavailable("the owner " + hostString(owner) + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw unavailable("the projection is " + streams.state());
        }
    }

    private static RuntimeException unavailable(final String detail) {
        return Problem.of(503, "projection-unavailable", "Projection not available", detail).exception();
    }

    private static String hostString(final HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
