package dev.kes.localstack.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, backdated year of banking for one account: opened in the first month, then each month
 * a few deposits and withdrawals (never beyond the balance) and month-end interest. Instants strictly increase.
 */
public final class DemoHistory {
    /** One command of the history, as the HTTP API takes it. */
    public record Step(String path, String body, Instant at, BigDecimal balanceAfter) {}

    private static final BigDecimal MONTHLY_RATE = new BigDecimal("0.002");

    private DemoHistory() {}

    public static List<Step> of(
            final String accountId, final YearMonth firstMonth, final int months, final Random random) {
        final List<Step> steps = new ArrayList<>();
        Instant at = firstMonth.atDay(1 + random.nextInt(10)).atTime(9, 0).toInstant(ZoneOffset.UTC);
        BigDecimal balance = money(100 + random.nextInt(900));
        steps.add(new Step(
                "/accounts",
                "{\"accountId\":\"" + accountId + "\",\"holder\":\"Demo holder " + accountId
                        + "\",\"initialDeposit\":\"" + balance + "\",\"occurredAt\":\"" + at + "\"}",
                at,
                balance));
        for (int m = 0; m < months; m++) {
            final YearMonth month = firstMonth.plusMonths(m);
            final LocalDate lastDay = month.atEndOfMonth();
            final int moves = 2 + random.nextInt(5);
            for (int i = 0; i < moves; i++) {
                final Instant next = month.atDay(1 + random.nextInt(lastDay.getDayOfMonth() - 1))
                        .atTime(8 + random.nextInt(10), random.nextInt(60))
                        .toInstant(ZoneOffset.UTC);
                at = next.isAfter(at) ? next : at.plusSeconds(60);
                final boolean withdraw = random.nextInt(3) == 0 && balance.compareTo(money(50)) > 0;
                if (withdraw) {
                    final BigDecimal amount =
                            balance.multiply(new BigDecimal("0.3")).setScale(2, RoundingMode.DOWN);
                    balance = balance.subtract(amount);
                    steps.add(movement(accountId, "withdrawals", amount, "cash", at, balance));
                } else {
                    final BigDecimal amount = money(20 + random.nextInt(480)).add(cents(random.nextInt(100)));
                    balance = balance.add(amount);
                    steps.add(movement(accountId, "deposits", amount, "transfer", at, balance));
                }
            }
            final Instant monthEnd = lastDay.atTime(23, 59).toInstant(ZoneOffset.UTC);
            at = monthEnd.isAfter(at) ? monthEnd : at.plusSeconds(1);
            final BigDecimal interest = balance.multiply(MONTHLY_RATE).setScale(2, RoundingMode.HALF_EVEN);
            if (interest.signum() > 0) {
                balance = balance.add(interest);
                steps.add(new Step(
                        "/accounts/" + accountId + "/interest",
                        "{\"amount\":\"" + interest + "\",\"occurredAt\":\"" + at + "\"}",
                        at,
                        balance));
            }
        }
        return steps;
    }

    private static Step movement(
            final String accountId,
            final String kind,
            final BigDecimal amount,
            final String description,
            final Instant at,
            final BigDecimal balance) {
        return new Step(
                "/accounts/" + accountId + "/" + kind,
                "{\"amount\":\"" + amount + "\",\"description\":\"" + description + "\",\"occurredAt\":\"" + at + "\"}",
                at,
                balance);
    }

    private static BigDecimal money(final int units) {
        return BigDecimal.valueOf(units).setScale(2);
    }

    private static BigDecimal cents(final int cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
