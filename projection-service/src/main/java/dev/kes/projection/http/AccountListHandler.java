package dev.kes.projection.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.domain.AccountIds;
import dev.kes.projection.query.AccountDirectory;
import dev.kes.projection.query.AccountResponse;
import dev.kes.projection.query.AccountsResponse;
import dev.kes.projection.query.PartitionCopies;
import dev.kes.service.http.Json;
import dev.kes.service.http.Problem;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /accounts?after=&limit=}: every account in accountId order, a page at a time, merged from every
 * partition of the balances store. Each partition is read from the first copy that answers, in the order of
 * {@link AccountRouting}: its active owner, this instance's own copy, then the other standbys; another instance is
 * asked with {@value #PARTITIONS_HEADER} naming the partitions it is to read, and answers from its own copies only.
 * Each partition gives its first {@code limit} accounts after the cursor, so the page's {@code limit} accounts are
 * among them. {@code X-Kes-Standby: true} says a partition was read from a copy that may trail the latest events.
 */
final class AccountListHandler implements Handler {
    static final String PARTITIONS_HEADER = "X-Kes-Partitions";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Pattern PARTITION_LIST = Pattern.compile("[0-9]{1,5}(,[0-9]{1,5}){0,999}");
    private static final ObjectMapper JSON = Json.mapper();

    private final AccountDirectory directory;
    private final PeerForwarder forwarder;

    AccountListHandler(final AccountDirectory directory, final PeerForwarder forwarder) {
        this.directory = directory;
        this.forwarder = forwarder;
    }

    /** A page of one source (a local partition or a peer's partitions) and whether it has more after it. */
    private record Part(List<AccountResponse> accounts, boolean more) {}

    @Override
    public void handle(final Context ctx) throws InterruptedException {
        final String after = ctx.queryParam("after");
        if (after != null && !AccountIds.isValid(after)) {
            throw Problem.badRequest(
                            "'after' must be an accountId: 1-64 characters of letters, digits, '.', '_' " + "or '-'")
                    .exception();
        }
        final int limit = (int) QueryParams.number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        final List<PartitionCopies> copies = directory.copies();
        final List<Part> parts = new ArrayList<>();
        final Optional<Boolean> standby = PeerForwarder.isForwarded(ctx)
                ? Optional.of(readForwarded(ctx, copies, after, limit, parts))
                : readAll(ctx, copies, after, limit, parts);
        if (standby.isEmpty()) {
            return; // a peer's 4xx, relayed
        }
        if (standby.get()) {
            ctx.header(AccountRouting.STANDBY_HEADER, "true");
        }
        ctx.json(merge(parts, limit));
    }

    /** Reads the partitions a peer asked for from this instance's copies, every one of them or none. */
    private boolean readForwarded(
            final Context ctx,
            final List<PartitionCopies> copies,
            final String after,
            final int limit,
            final List<Part> parts) {
        final Set<Integer> wanted = requestedPartitions(ctx);
        final Map<Integer, List<AccountResponse>> pages = directory.read(wanted, after, limit + 1);
        if (!pages.keySet().containsAll(wanted)) {
            final Set<Integer> missing = new TreeSet<>(wanted);
            missing.removeAll(pages.keySet());
            throw Unavailable.noCopy("this instance holds no copy of partitions " + missing + " that can answer");
        }
        pages.values().forEach(page -> parts.add(part(page, limit)));
        return wanted.stream().anyMatch(p -> !authoritativeHere(copies, p));
    }

    /**
     * Reads every partition from the first copy that answers; 503 when one has none. Whether a copy that may trail
     * was read, or empty when a peer's refusal (a 4xx) was relayed as the answer.
     */
    private Optional<Boolean> readAll(
            final Context ctx,
            final List<PartitionCopies> copies,
            final String after,
            final int limit,
            final List<Part> parts)
            throws InterruptedException {
        final String self = directory.self();
        final Map<Integer, Deque<String>> candidates = new TreeMap<>();
        for (final PartitionCopies copy : copies) {
            final Set<String> order = new LinkedHashSet<>();
            if (copy.active() != null) {
                order.add(copy.active());
            }
            order.add(self); // a standby here, or any copy while rebalancing
            copy.standbys().stream().sorted().forEach(order::add);
            candidates.put(copy.partition(), new ArrayDeque<>(order));
        }
        final Set<String> tried = new LinkedHashSet<>();
        boolean standby = false;
        while (!candidates.isEmpty()) {
            final Map<String, Set<Integer>> byHost = new LinkedHashMap<>();
            for (final Map.Entry<Integer, Deque<String>> entry : candidates.entrySet()) {
                if (entry.getValue().isEmpty()) {
                    throw Unavailable.noCopy(
                            "no copy of partition " + entry.getKey() + " of the accounts answered; tried " + tried);
                }
                byHost.computeIfAbsent(entry.getValue().peek(), h -> new TreeSet<>())
                        .add(entry.getKey());
            }
            for (final Map.Entry<String, Set<Integer>> group : byHost.entrySet()) {
                final String host = group.getKey();
                final Set<Integer> partitions = group.getValue();
                if (host.equals(self)) {
                    final Map<Integer, List<AccountResponse>> pages = directory.read(partitions, after, limit + 1);
                    for (final Map.Entry<Integer, List<AccountResponse>> page : pages.entrySet()) {
                        parts.add(part(page.getValue(), limit));
                        standby |= !authoritativeHere(copies, page.getKey());
                        candidates.remove(page.getKey());
                    }
                    partitions.stream().filter(p -> !pages.containsKey(p)).forEach(p -> {
                        tried.add(self);
                        candidates.get(p).poll();
                    });
                    continue;
                }
                final Optional<PeerAnswer> answer = forwarder.ask(
                        ctx,
                        host,
                        Map.of(
                                PARTITIONS_HEADER,
                                partitions.stream().map(String::valueOf).collect(Collectors.joining(","))));
                if (answer.isPresent()
                        && answer.get().status() != 200
                        && !answer.get().unavailable()) {
                    answer.get().relayTo(ctx);
                    return Optional.empty();
                }
                final Optional<AccountsResponse> page =
                        answer.filter(a -> a.status() == 200).flatMap(AccountListHandler::page);
                if (page.isEmpty()) {
                    tried.add(host);
                    partitions.forEach(p -> candidates.get(p).poll());
                    continue;
                }
                parts.add(new Part(page.get().accounts(), page.get().next() != null));
                standby |= answer.get().headers().entrySet().stream()
                        .anyMatch(h -> h.getKey().equalsIgnoreCase(AccountRouting.STANDBY_HEADER));
                partitions.forEach(candidates::remove);
            }
        }
        return Optional.of(standby);
    }

    /** The page of the accounts of all parts: the first {@code limit} in accountId order. */
    static AccountsResponse merge(final List<Part> parts, final int limit) {
        final Map<String, AccountResponse> byId = new TreeMap<>();
        parts.forEach(part -> part.accounts().forEach(account -> byId.putIfAbsent(account.accountId(), account)));
        final List<AccountResponse> page = byId.values().stream().limit(limit).toList();
        final boolean more = byId.size() > limit || parts.stream().anyMatch(Part::more);
        return new AccountsResponse(
                page, more && !page.isEmpty() ? page.get(page.size() - 1).accountId() : null);
    }

    private static Part part(final List<AccountResponse> page, final int limit) {
        return page.size() > limit ? new Part(page.subList(0, limit), true) : new Part(page, false);
    }

    private boolean authoritativeHere(final List<PartitionCopies> copies, final int partition) {
        return copies.stream()
                .anyMatch(c -> c.partition() == partition
                        && c.settled()
                        && directory.self().equals(c.active()));
    }

    private static Set<Integer> requestedPartitions(final Context ctx) {
        final String header = ctx.header(PARTITIONS_HEADER);
        if (header == null || !PARTITION_LIST.matcher(header).matches()) {
            throw Problem.badRequest("a forwarded " + ctx.path() + " needs " + PARTITIONS_HEADER
                            + ": the partitions to read, comma-separated")
                    .exception();
        }
        return new TreeSet<>(
                List.of(header.split(",")).stream().map(Integer::valueOf).toList());
    }

    private static Optional<AccountsResponse> page(final PeerAnswer answer) {
        try {
            return Optional.of(JSON.readValue(answer.body(), AccountsResponse.class));
        } catch (IOException e) {
            return Optional.empty(); // not our body (a proxy's page, say): another copy is asked
        }
    }
}
