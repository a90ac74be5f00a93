package dev.kes.schemas.serde;

import dev.kes.schemas.archive.ArchivedEvent;
import dev.kes.schemas.command.AddInterest;
import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.ErasePersonalData;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.RefundTransfer;
import dev.kes.schemas.command.TransferMoney;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.event.PersonalDataErased;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.schemas.view.AccountView;
import dev.kes.schemas.view.BalanceHistoryEntry;
import dev.kes.schemas.view.MonthlySnapshot;
import dev.kes.schemas.view.TransferView;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * The top-level record classes this build can write and read, listed by hand.
 *
 * <p>Why a hand-written list: it is the single place that decides which generated classes are
 * part of the wire contract. Nested named types (Metadata, Rejection, enums) are not listed;
 * they travel inside these records. Adding a class here requires publishing its schema under
 * {@code schema-history/} (the schema history test enforces it).
 */
public final class ShippedTypes {

    /**
     * The types users read on topics (events, commands, command results): what a codec with a schema registry writes
     * in registry framing. Snapshots, views and archive records live in state stores and files and stay in
     * single-object encoding (docs/adr/0009-registry-wire-format.md).
     */
    private static final List<Class<? extends SpecificRecord>> ON_TOPICS = List.<Class<? extends SpecificRecord>>of(
            AccountOpened.class,
            MoneyDeposited.class,
            MoneyWithdrawn.class,
            InterestAdded.class,
            AccountClosed.class,
            TransferDebited.class,
            TransferCredited.class,
            TransferRefunded.class,
            PersonalDataErased.class,
            OpenAccount.class,
            DepositMoney.class,
            WithdrawMoney.class,
            AddInterest.class,
            CloseAccount.class,
            TransferMoney.class,
            CreditTransfer.class,
            RefundTransfer.class,
            ErasePersonalData.class,
            CommandResult.class);

    private static final List<Class<? extends SpecificRecord>> ALL = Stream.concat(
                    ON_TOPICS.stream(),
                    Stream.<Class<? extends SpecificRecord>>of(
                            AccountSnapshot.class,
                            AccountView.class,
                            BalanceHistoryEntry.class,
                            MonthlySnapshot.class,
                            TransferView.class,
                            ArchivedEvent.class))
            .toList();

    private ShippedTypes() {}

    /** The types of the topics users read, immutable, in a fixed order. */
    public static List<Class<? extends SpecificRecord>> onTopics() {
        return ON_TOPICS;
    }

    /** The current record classes, immutable, in a fixed order. */
    public static List<Class<? extends SpecificRecord>> all() {
        return ALL;
    }
}
