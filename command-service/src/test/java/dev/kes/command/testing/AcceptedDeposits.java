package dev.kes.command.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.AccountDecider;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Checks the event store against the deposits clients saw accepted (2xx). */
public final class AcceptedDeposits {
    /** A deposit a client saw accepted, with the version the answer carried. */
    public record Accepted(String accountId, String commandId, BigDecimal amount, long version) {}

    private AcceptedDeposits() {}

    /**
     * Every account was opened with {@code initialBalance} and then received exactly the accepted deposits: each
     * one's event is stored once, in one partition per account, versions 1..n gap-free in offset order, the balance
     * replayed from the events is the sum, and each answer's version is the stored event's version.
     */
    public static void assertStoredExactlyOnce(
            final List<StoredEvent> events,
            final List<String> accounts,
            final BigDecimal initialBalance,
            final List<Accepted> accepted) {
        assertThat(accepted).extracting(Accepted::commandId).doesNotHaveDuplicates();
        assertThat(events).extracting(StoredEvent::eventId).doesNotHaveDuplicates();
        final Map<String, List<StoredEvent>> byAccount =
                events.stream().collect(Collectors.groupingBy(StoredEvent::accountId));
        final Map<String, List<Accepted>> acceptedByAccount =
                accepted.stream().collect(Collectors.groupingBy(Accepted::accountId));
        assertThat(byAccount.keySet()).containsExactlyInAnyOrderElementsOf(accounts);
        for (final String accountId : accounts) {
            final List<StoredEvent> stream = byAccount.get(accountId);
            final List<Accepted> deposits = acceptedByAccount.getOrDefault(accountId, List.of());
            assertThat(stream)
                    .extracting(StoredEvent::partition)
                    .as(accountId)
                    .containsOnly(stream.get(0).partition());
            assertThat(stream)
                    .extracting(StoredEvent::version)
                    .as(accountId)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, deposits.size() + 1)
                            .boxed()
                            .toList());
            assertThat(stream.subList(1, stream.size()))
                    .extracting(StoredEvent::causationId)
                    .as(accountId)
                    .containsExactlyInAnyOrderElementsOf(
                            deposits.stream().map(Accepted::commandId).toList());
            final Map<String, Long> storedVersion = stream.stream()
                    .collect(Collectors.toMap(StoredEvent::causationId, StoredEvent::version, (a, b) -> a));
            for (final Accepted deposit : deposits) {
                assertThat(deposit.version()).as(deposit.commandId()).isEqualTo(storedVersion.get(deposit.commandId()));
            }
            final BigDecimal expected = deposits.stream().map(Accepted::amount).reduce(initialBalance, BigDecimal::add);
            assertThat(AccountDecider.replay(
                                    accountId,
                                    stream.stream().map(StoredEvent::event).toList())
                            .balance())
                    .as(accountId)
                    .isEqualByComparingTo(expected);
        }
    }

    public static BigDecimal amount(final int i) {
        return new BigDecimal((i % 17 + 1) + "." + String.format("%02d", i % 100));
    }
}
