package dev.kes.service.mapping;

import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.state.AccountSnapshot;

/**
 * Between the domain's Account and its Avro snapshot in the command service's account-state store; the admin tool
 * (es-admin verify-snapshots / rebuild-snapshots) compares and writes exactly what the processor stores through it.
 */
public final class SnapshotMapping {
    private SnapshotMapping() {
    }

    public static AccountSnapshot toAvro(final Account account) {
        return new AccountSnapshot(account.id(), account.holder(), account.balance(), account.version(),
                dev.kes.schemas.common.AccountStatus.valueOf(account.status().name()),
                account.openedAt(), account.updatedAt());
    }

    public static Account toDomain(final AccountSnapshot snapshot) {
        return new Account(snapshot.getAccountId(), snapshot.getHolder(), snapshot.getBalance(),
                snapshot.getVersion(), AccountStatus.valueOf(snapshot.getStatus().name()),
                snapshot.getOpenedAt(), snapshot.getUpdatedAt());
    }
}
