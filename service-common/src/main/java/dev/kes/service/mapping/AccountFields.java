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
                Instant updatedAt,
                Boolean personalDataErased);
    }

    static <T> T toAvro(final Account account, final Constructor<T> constructor) {
        return constructor.of(
                account.id(),
                // an erased account keeps not even the sealed holder; the schema's field is not nullable
                account.personalDataErased() || account.holder() == null ? "" : account.holder(),
                account.balance(),
                account.version(),
                dev.kes.schemas.common.AccountStatus.valueOf(account.status().name()),
                account.openedAt(),
                account.updatedAt(),
                account.personalDataErased());
    }

    static Account toDomain(
            final String accountId,
            final String holder,
            final BigDecimal balance,
            final long version,
            final dev.kes.schemas.common.AccountStatus status,
            final Instant openedAt,
            final Instant updatedAt,
            final boolean personalDataErased) {
        return new Account(
                accountId,
                personalDataErased ? null : holder,
                balance,
                version,
                AccountStatus.valueOf(status.name()),
                openedAt,
                updatedAt,
                personalDataErased);
    }
}
