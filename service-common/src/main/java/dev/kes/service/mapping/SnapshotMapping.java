package dev.kes.service.mapping;

import dev.kes.domain.Account;
import dev.kes.schemas.state.AccountSnapshot;

/**
 * Between the domain's Account and its Avro snapshot in the command service's account-state store; the admin tool
 * (es-admin verify-snapshots / rebuild-snapshots) compares and writes exactly what the processor stores through it.
 */
public final class SnapshotMapping {
    private SnapshotMapping() {}

    public static AccountSnapshot toAvro(final Account account) {
        return AccountFields.toAvro(account, AccountSnapshot::new);
    }

    public static Account toDomain(final AccountSnapshot snapshot) {
        return AccountFields.toDomain(
                snapshot.getAccountId(),
                snapshot.getHolder(),
                snapshot.getBalance(),
                snapshot.getVersion(),
                snapshot.getStatus(),
                snapshot.getOpenedAt(),
                snapshot.getUpdatedAt(),
                snapshot.getPersonalDataErased());
    }
}
