package dev.kes.schemas.upcast;

import dev.kes.schemas.event.MoneyDeposited;

/**
 * MoneyDeposited v1 to v2. Since v2 a description is stripped and a blank one is stored as null; v1
 * writers kept whatever was sent ("", "  rent "). balanceAfter stays null: it needs the account's
 * history, which a stateless upcaster does not have.
 */
public final class MoneyDepositedV1Upcaster implements Upcaster<MoneyDeposited> {
    @Override
    public String recordName() {
        return MoneyDeposited.getClassSchema().getFullName();
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public Class<MoneyDeposited> type() {
        return MoneyDeposited.class;
    }

    @Override
    public MoneyDeposited upcast(MoneyDeposited record) {
        record.setDescription(normalise(record.getDescription()));
        return record;
    }

    /** The v2 rule, as AccountDecider applies it to new movements (schemas cannot depend on domain). */
    static String normalise(CharSequence description) {
        if (description == null) {
            return null;
        }
        String stripped = description.toString().strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
