package dev.kes.command.topology;

import dev.kes.domain.Account;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The accounts of one stream task as its command processor reads and writes them, behind the account-state store in
 * one of its two forms ({@link AccountStateStore} or {@link DecodedAccounts}; ADR 0013).
 */
interface AccountState {
    /** Reads the task's account-state store through {@code context} from now on (each {@code Processor.init}). */
    void open(ProcessorContext<?, ?> context);

    /** The processor is closed ({@code Processor.close}). */
    void close();

    /** The account as last put, or as stored, or null if it never existed. */
    Account get(String accountId);

    /** The account after a command; it reaches the snapshot topic with that command's commit. */
    void put(String accountId, Account account);
}
