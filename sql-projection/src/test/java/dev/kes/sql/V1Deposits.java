package dev.kes.sql;

import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.OldWriter;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;

/**
 * Deposits as a writer of MoneyDeposited v1 (schema-history) wrote them, in single-object encoding or, once it had a
 * schema registry, in its framing. Only for deposits without a balanceAfter, which v1 did not have.
 */
final class V1Deposits {
    static final Schema SCHEMA = OldWriter.v1DepositSchema();
    private static final int SINGLE_OBJECT_HEADER = 10;

    private V1Deposits() {}

    static byte[] singleObject(final MoneyDeposited deposit) {
        if (deposit.getBalanceAfter() != null) {
            throw new IllegalArgumentException("v1 had no balanceAfter: " + deposit);
        }
        return OldWriter.v1(deposit);
    }

    /** {@code 00} + the registry's id of the v1 schema + the datum. */
    static byte[] registryFramed(final int schemaId, final MoneyDeposited deposit) {
        final byte[] single = singleObject(deposit);
        return ByteBuffer.allocate(5 + single.length - SINGLE_OBJECT_HEADER)
                .put((byte) 0)
                .putInt(schemaId)
                .put(single, SINGLE_OBJECT_HEADER, single.length - SINGLE_OBJECT_HEADER)
                .array();
    }
}
