package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventHistoryTest {
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void everyAccountIsOpenedFirstThenVersionsRunWithoutGapsAndBalancesStayPositive() {
        final EventHistory history = EventHistory.generate(20_000, 100);
        final Map<String, Long> versions = new HashMap<>();
        final Map<String, BigDecimal> balances = new HashMap<>();
        long previousTimestamp = Long.MIN_VALUE;
        for (int i = 0; i < history.events(); i++) {
            final SpecificRecord event = codec.decode(history.value(i));
            final String account = history.key(i);
            assertThat(event.get(event.getSchema().getField("accountId").pos()).toString())
                    .isEqualTo(account);
            final long version =
                    (Long) event.get(event.getSchema().getField("version").pos());
            assertThat(version).isEqualTo(versions.getOrDefault(account, 0L) + 1);
            versions.put(account, version);
            assertThat(history.timestamp(i)).isGreaterThan(previousTimestamp);
            previousTimestamp = history.timestamp(i);
            final BigDecimal balance = balances.getOrDefault(account, BigDecimal.ZERO);
            if (i < 100) {
                assertThat(event).isInstanceOf(AccountOpened.class);
                balances.put(account, ((AccountOpened) event).getInitialDeposit());
            } else if (event instanceof MoneyDeposited deposit) {
                balances.put(account, balance.add(deposit.getAmount()));
            } else if (event instanceof MoneyWithdrawn withdrawal) {
                balances.put(account, balance.subtract(withdrawal.getAmount()));
            } else {
                balances.put(account, balance.add(((InterestAdded) event).getAmount()));
            }
            assertThat(balances.get(account)).isNotNegative();
        }
        final long[] last = history.finalVersions();
        final String[] ids = history.accountIds();
        for (int a = 0; a < ids.length; a++) {
            assertThat(last[a]).isEqualTo(versions.get(ids[a]));
        }
        final long[] mix = history.mix();
        assertThat(mix[0]).isEqualTo(100);
        assertThat(mix[1] + mix[2] + mix[3]).isEqualTo(19_900);
        assertThat(mix[2]).isGreaterThan(4_000);
        assertThat(mix[3]).isGreaterThan(1_000);
    }

    @Test
    void theSameHistoryEveryTime() {
        final EventHistory one = EventHistory.generate(1_000, 10);
        final EventHistory two = EventHistory.generate(1_000, 10);
        for (int i = 0; i < 1_000; i++) {
            assertThat(two.key(i)).isEqualTo(one.key(i));
        }
        assertThat(two.finalVersions()).isEqualTo(one.finalVersions());
    }

    @Test
    void perAccountGivesEveryAccountTheSameNumberOfEventsInTurn() {
        final EventHistory history = EventHistory.perAccount(30, 7);
        assertThat(history.events()).isEqualTo(210);
        assertThat(history.finalVersions()).containsOnly(7L);
        for (int i = 0; i < history.events(); i++) {
            assertThat(history.accountIndex(i)).isEqualTo(i % 30);
            assertThat(history.key(i)).isEqualTo(history.accountIds()[i % 30]);
        }
        assertThat(history.mix()[0]).isEqualTo(30);
    }

    @Test
    void cannotOpenMoreAccountsThanEvents() {
        assertThatThrownBy(() -> EventHistory.generate(5, 10)).hasMessageContaining("cannot open");
    }
}
