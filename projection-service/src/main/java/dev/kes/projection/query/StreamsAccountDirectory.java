package dev.kes.projection.query;

import dev.kes.projection.topology.StoreNames;
import dev.kes.schemas.view.AccountView;
import dev.kes.service.http.Problem;
import dev.kes.service.personal.PersonalData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The directory over Kafka Streams: the partitions of the balances store are those of the events topic (the store is
 * fed from it directly), their hosts from the metadata of every Streams client, and the reads IQv2 range queries of
 * this instance's copies, active or standby. The balances store orders keys by their UTF-8 bytes, which for account
 * ids (ASCII only) is String order. The reads are IQv1 ranges, one per partition: the store has a record cache
 * (ADR 0015), which IQv1's ranges include and IQv2's would not.
 */
public final class StreamsAccountDirectory implements AccountDirectory {
    private final PersonalData personal;
    private final KafkaStreams streams;
    private final HostInfo self;
    private final String eventsTopic;

    public StreamsAccountDirectory(
            final KafkaStreams streams, final HostInfo self, final String eventsTopic, final PersonalData personal) {
        this.personal = personal;
        this.streams = streams;
        this.self = self;
        this.eventsTopic = eventsTopic;
    }

    /**
     * From one assignment's metadata, which names an active host for every task of the topic: every partition, unless
     * the topic has grown since (then the new ones show from the next rebalance on).
     */
    @Override
    public List<PartitionCopies> copies() {
        final KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw unavailable("the projection is " + state);
        }
        final Collection<StreamsMetadata> clients;
        try {
            clients = streams.metadataForAllStreamsClients();
        } catch (IllegalStateException e) {
            throw unavailable("the projection is " + streams.state());
        }
        final Map<Integer, String> active = new TreeMap<>();
        final Map<Integer, List<String>> standbys = new HashMap<>();
        for (final StreamsMetadata client : clients) {
            final String host = hostString(client.hostInfo());
            client.topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(eventsTopic))
                    .forEach(tp -> active.put(tp.partition(), host));
            client.standbyTopicPartitions().stream()
                    .filter(tp -> tp.topic().equals(eventsTopic))
                    .forEach(tp -> standbys.computeIfAbsent(tp.partition(), p -> new ArrayList<>())
                            .add(host));
        }
        final int partitions = Math.max(
                active.keySet().stream().mapToInt(p -> p + 1).max().orElse(0),
                standbys.keySet().stream().mapToInt(p -> p + 1).max().orElse(0));
        if (partitions == 0) {
            throw unavailable("the partitions of " + eventsTopic + " are not known yet (rebalancing)");
        }
        final boolean settled = streams.state() == KafkaStreams.State.RUNNING;
        final List<PartitionCopies> copies = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            copies.add(new PartitionCopies(p, active.get(p), standbys.getOrDefault(p, List.of()), settled));
        }
        return copies;
    }

    @Override
    public String self() {
        return hostString(self);
    }

    @Override
    public Map<Integer, List<AccountResponse>> read(
            final Set<Integer> partitions, final String after, final int limit) {
        final Map<Integer, List<AccountResponse>> pages = new TreeMap<>();
        for (final int partition : new TreeSet<>(partitions)) {
            final KeyValueIterator<String, AccountView> iterator;
            try {
                final ReadOnlyKeyValueStore<String, AccountView> local =
                        streams.store(StoreQueryParameters.fromNameAndType(
                                        StoreNames.BALANCES, QueryableStoreTypes.<String, AccountView>keyValueStore())
                                .withPartition(partition)
                                .enableStaleStores());
                // the lower bound is inclusive: the first may be `after` itself, which page() skips
                iterator = after == null ? local.all() : local.range(after, null);
            } catch (InvalidStateStoreException e) {
                continue; // no copy of this partition here
            }
            try (iterator) {
                pages.put(partition, page(iterator, after, limit));
            } catch (InvalidStateStoreException e) {
                // the task closed under the iterator: it migrated away or the instance is shutting down
                throw unavailable("the store " + StoreNames.BALANCES + " closed while it was read: " + e.getMessage());
            }
        }
        return pages;
    }

    private List<AccountResponse> page(
            final KeyValueIterator<String, AccountView> iterator, final String after, final int limit) {
        final List<AccountResponse> accounts = new ArrayList<>();
        while (accounts.size() < limit && iterator.hasNext()) {
            final KeyValue<String, AccountView> next = iterator.next();
            if (!next.key.equals(after)) {
                accounts.add(AccountViews.toResponse(next.value, personal));
            }
        }
        return accounts;
    }

    private static RuntimeException unavailable(final String detail) {
        return Problem.of(503, "projection-unavailable", "Projection not available", detail)
                .exception();
    }

    private static String hostString(final HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
