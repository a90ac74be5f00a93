package dev.kes.client.serde;

import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.event.MoneyDeposited;
import org.apache.avro.Schema;

/** Events and commands are told apart by schema namespace: every type of one family is generated into one. */
enum RecordFamily {
    EVENT("an event", MoneyDeposited.getClassSchema().getNamespace()),
    COMMAND("a command", DepositMoney.getClassSchema().getNamespace());

    private final String what;
    private final String namespace;

    RecordFamily(final String what, final String namespace) {
        this.what = what;
        this.namespace = namespace;
    }

    String what() {
        return what;
    }

    boolean holds(final Schema schema) {
        return namespace.equals(schema.getNamespace());
    }
}
