package dev.kes.service.mapping;

import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The command side's AccountSnapshot and the projection's AccountView both hold an Account field for field, in
 * Account's order: both are built and read through here, so the two mappings cannot drift apart.
 */
final class AccountFields {
    private AccountFields() {}

    /** An Avro record's all-fields constructor. */
    @FunctionalInterface
    interface Constructor<T> {
        T of(
                String accountId,
                String holder,
                BigDecimal balance,
                Long version,
                dev.kes.schemas.common.AccountStatus status,
                Instant openedAt,
                Instant updatedAt);
    }

    static <T> T toAvro(final Account account, final Constructor<T> constructor) {
        return constructor.of(
                account.id(),
                account.holder(),
                account.balance(),
                account.version(),
                dev.kes.schemas.common.AccountStatus.valueOf(account.status().name()),
                account.openedAt(),
                account.updatedAt());
    }

    static Account toDomain(
            final String accountId,
            final String holder,
            final BigDecimal balance,
            final long version,
            final dev.kes.schemas.common.AccountStatus status,
            final Instant openedAt,
            final Instant updatedAt) {
        return new Account(
                accountId, holder, balance, version, AccountStatus.valueOf(status.name()), openedAt, updatedAt);
    }
}
