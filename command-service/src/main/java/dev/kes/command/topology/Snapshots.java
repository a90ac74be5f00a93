package dev.kes.command.topology;

import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.state.AccountSnapshot;

/**
 * Between the domain's Account and its Avro snapshot in the account-state store. Public so that the admin tool
 * (es-admin verify-snapshots / rebuild-snapshots) compares and writes exactly what the processor stores.
 */
public final class Snapshots {
    private Snapshots() {
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
