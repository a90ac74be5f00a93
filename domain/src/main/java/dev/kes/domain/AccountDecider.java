package dev.kes.domain;

import dev.kes.domain.AccountCommand.AddInterest;
import dev.kes.domain.AccountCommand.CloseAccount;
import dev.kes.domain.AccountCommand.CreditTransfer;
import dev.kes.domain.AccountCommand.DepositMoney;
import dev.kes.domain.AccountCommand.ErasePersonalData;
import dev.kes.domain.AccountCommand.OpenAccount;
import dev.kes.domain.AccountCommand.RefundTransfer;
import dev.kes.domain.AccountCommand.TransferMoney;
import dev.kes.domain.AccountCommand.WithdrawMoney;
import dev.kes.domain.AccountEvent.AccountClosed;
import dev.kes.domain.AccountEvent.AccountOpened;
import dev.kes.domain.AccountEvent.InterestAdded;
import dev.kes.domain.AccountEvent.MoneyDeposited;
import dev.kes.domain.AccountEvent.MoneyWithdrawn;
import dev.kes.domain.AccountEvent.PersonalDataErased;
import dev.kes.domain.AccountEvent.TransferCredited;
import dev.kes.domain.AccountEvent.TransferDebited;
import dev.kes.domain.AccountEvent.TransferRefunded;
import dev.kes.domain.Rejection.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The account aggregate's rules as two pure functions.
 *
 * <p>Order of checks in {@link #decide}: the command's own validity, then the expected version, then the
 * business rules against the state. Time is an argument ({@code now}) so the functions stay deterministic.
 */
public final class AccountDecider {
    public static final int MAX_HOLDER_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 500;

    private AccountDecider() {}

    public static Decision decide(final AccountCommand command, final Account state, final Instant now) {
        final Optional<String> invalid = validate(command);
        if (invalid.isPresent()) {
            return Decision.reject(Reason.INVALID_COMMAND, invalid.get(), state);
        }
        if (!command.expectedVersion().matches(state.version())) {
            return Decision.reject(
                    Reason.CONFLICT,
                    "expected version " + command.expectedVersion() + " but the account is at version "
                            + state.version(),
                    state);
        }
        if (command.occurredAt() != null && command.occurredAt().isAfter(now)) {
            return Decision.reject(
                    Reason.INVALID_COMMAND, "occurredAt " + command.occurredAt() + " is in the future", state);
        }
        if (command.occurredAt() != null
                && state.updatedAt() != null
                && command.occurredAt().isBefore(state.updatedAt())) {
            return Decision.reject(
                    Reason.INVALID_COMMAND,
                    "occurredAt " + command.occurredAt() + " is before the account's previous event at "
                            + state.updatedAt(),
                    state);
        }
        final Instant at = occurredAt(command, state, now);
        final long next = state.version() + 1;
        final String id = command.accountId();
        if (command instanceof OpenAccount open) {
            if (state.exists()) {
                return Decision.reject(Reason.ALREADY_EXISTS, "account " + id + " already exists", state);
            }
            return Decision.accept(
                    new AccountOpened(id, next, at, open.holder().strip(), Money.of(open.initialDeposit())));
        }
        if (!state.exists()) {
            return Decision.reject(Reason.NOT_FOUND, "account " + id + " does not exist", state);
        }
        if (command instanceof ErasePersonalData) {
            // open or closed alike; erased already: the same success, nothing new to record
            return state.personalDataErased()
                    ? Decision.accept()
                    : Decision.accept(new PersonalDataErased(id, next, at));
        }
        if (command instanceof RefundTransfer refund) {
            // never refused once the account exists, closed or not: the money left it and has to go back
            final BigDecimal amount = Money.of(refund.amount());
            return Decision.accept(new TransferRefunded(
                    id,
                    next,
                    at,
                    refund.transferId(),
                    refund.toAccountId(),
                    amount,
                    refund.reason(),
                    Money.of(state.balance().add(amount))));
        }
        if (!state.isOpen()) {
            return Decision.reject(Reason.ACCOUNT_CLOSED, "account " + id + " is closed", state);
        }
        if (command instanceof DepositMoney deposit) {
            final Optional<Decision> tooMuch = beyondMaximum(state, deposit.amount());
            final BigDecimal amount = Money.of(deposit.amount());
            return tooMuch.orElseGet(() -> Decision.accept(new MoneyDeposited(
                    id,
                    next,
                    at,
                    amount,
                    description(deposit.description()),
                    Money.of(state.balance().add(amount)))));
        }
        if (command instanceof WithdrawMoney withdraw) {
            final BigDecimal amount = Money.of(withdraw.amount());
            return overdrawing(state, withdraw.amount(), "withdraw")
                    .orElseGet(() -> Decision.accept(new MoneyWithdrawn(
                            id,
                            next,
                            at,
                            amount,
                            description(withdraw.description()),
                            Money.of(state.balance().subtract(amount)))));
        }
        if (command instanceof TransferMoney transfer) {
            final BigDecimal amount = Money.of(transfer.amount());
            return overdrawing(state, transfer.amount(), "transfer")
                    .orElseGet(() -> Decision.accept(new TransferDebited(
                            id,
                            next,
                            at,
                            transfer.transferId(),
                            transfer.toAccountId(),
                            amount,
                            description(transfer.description()),
                            Money.of(state.balance().subtract(amount)))));
        }
        if (command instanceof CreditTransfer credit) {
            final BigDecimal amount = Money.of(credit.amount());
            return beyondMaximum(state, amount)
                    .orElseGet(() -> Decision.accept(new TransferCredited(
                            id,
                            next,
                            at,
                            credit.transferId(),
                            credit.fromAccountId(),
                            amount,
                            description(credit.description()),
                            Money.of(state.balance().add(amount)))));
        }
        if (command instanceof AddInterest interest) {
            return beyondMaximum(state, interest.amount())
                    .orElseGet(() -> Decision.accept(new InterestAdded(id, next, at, Money.of(interest.amount()))));
        }
        if (command instanceof CloseAccount) {
            if (state.balance().signum() != 0) {
                return Decision.reject(
                        Reason.NON_ZERO_BALANCE,
                        "cannot close account " + id + " with balance " + state.balance(),
                        state);
            }
            return Decision.accept(new AccountClosed(id, next, at));
        }
        throw new IllegalStateException(
                "unhandled command " + command.getClass().getName());
    }

    public static Account evolve(final Account state, final AccountEvent event) {
        final Instant at = event.occurredAt();
        final long version = event.version();
        if (event instanceof AccountOpened opened) {
            return new Account(
                    opened.accountId(), opened.holder(), opened.initialDeposit(), version, AccountStatus.OPEN, at, at);
        }
        if (event instanceof MoneyDeposited deposited) {
            return withBalance(state, state.balance().add(deposited.amount()), version, at);
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            return withBalance(state, state.balance().subtract(withdrawn.amount()), version, at);
        }
        if (event instanceof InterestAdded interest) {
            return withBalance(state, state.balance().add(interest.amount()), version, at);
        }
        if (event instanceof TransferDebited debited) {
            return withBalance(state, state.balance().subtract(debited.amount()), version, at);
        }
        if (event instanceof TransferCredited credited) {
            return withBalance(state, state.balance().add(credited.amount()), version, at);
        }
        if (event instanceof TransferRefunded refunded) {
            return withBalance(state, state.balance().add(refunded.amount()), version, at);
        }
        if (event instanceof AccountClosed) {
            return new Account(
                    state.id(),
                    state.holder(),
                    state.balance(),
                    version,
                    AccountStatus.CLOSED,
                    state.openedAt(),
                    at,
                    state.personalDataErased());
        }
        if (event instanceof PersonalDataErased) {
            return new Account(state.id(), null, state.balance(), version, state.status(), state.openedAt(), at, true);
        }
        throw new IllegalStateException("unhandled event " + event.getClass().getName());
    }

    /**
     * The balance after {@code event} given the one before it, as {@link #evolve} folds it (opening sets the balance,
     * closing leaves it): for read models that keep a balance but not a whole {@link Account}.
     */
    public static BigDecimal balanceAfter(final BigDecimal before, final AccountEvent event) {
        final Account state =
                new Account(event.accountId(), null, before, event.version() - 1, AccountStatus.OPEN, null, null);
        return evolve(state, event).balance();
    }

    /** Rebuilds an account's state from its events in version order. */
    public static Account replay(final String accountId, final Iterable<? extends AccountEvent> events) {
        Account state = Account.initial(accountId);
        for (final AccountEvent event : events) {
            state = evolve(state, event);
        }
        return state;
    }

    /** Balances, like amounts, must fit the decimal(18,2) they are stored as; a bigger one could not be written. */
    private static Optional<Decision> beyondMaximum(final Account state, final BigDecimal amount) {
        return state.balance().add(amount).compareTo(Money.MAX) > 0
                ? Optional.of(Decision.reject(
                        Reason.INVALID_COMMAND, "the balance would exceed " + Money.MAX.toPlainString(), state))
                : Optional.empty();
    }

    /** Money leaves an account only as far as its balance goes: no overdraft. */
    private static Optional<Decision> overdrawing(final Account state, final BigDecimal amount, final String verb) {
        return state.balance().compareTo(amount) < 0
                ? Optional.of(Decision.reject(
                        Reason.INSUFFICIENT_FUNDS,
                        "cannot " + verb + " " + Money.of(amount) + ": the balance is " + state.balance(),
                        state))
                : Optional.empty();
    }

    private static Account withBalance(
            final Account state, final BigDecimal balance, final long version, final Instant at) {
        return new Account(
                state.id(),
                state.holder(),
                balance,
                version,
                state.status(),
                state.openedAt(),
                at,
                state.personalDataErased());
    }

    /** Processing time, but never earlier than the account's previous event (clocks can step back). */
    private static Instant occurredAt(final AccountCommand command, final Account state, final Instant now) {
        final Instant at = command.occurredAt() != null ? command.occurredAt() : now;
        return state.updatedAt() != null && at.isBefore(state.updatedAt()) ? state.updatedAt() : at;
    }

    /** What is wrong with the command on its own, before any state is consulted. */
    public static Optional<String> validate(final AccountCommand command) {
        if (!AccountIds.isValid(command.accountId())) {
            return Optional.of("accountId must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        if (command instanceof OpenAccount open) {
            if (open.holder() == null || open.holder().isBlank()) {
                return Optional.of("holder is required");
            }
            if (PersonalValues.isSealed(open.holder())) {
                return open.holder().length() > PersonalValues.MAX_SEALED_LENGTH
                        ? Optional.of("holder must be at most " + MAX_HOLDER_LENGTH + " characters")
                        : Money.problem(open.initialDeposit(), true).map(p -> "initialDeposit: " + p);
            }
            if (open.holder().length() > MAX_HOLDER_LENGTH) {
                return Optional.of("holder must be at most " + MAX_HOLDER_LENGTH + " characters");
            }
            return Money.problem(open.initialDeposit(), true).map(p -> "initialDeposit: " + p);
        }
        if (command instanceof DepositMoney deposit) {
            return Money.problem(deposit.amount(), false).or(() -> descriptionProblem(deposit.description()));
        }
        if (command instanceof WithdrawMoney withdraw) {
            return Money.problem(withdraw.amount(), false).or(() -> descriptionProblem(withdraw.description()));
        }
        if (command instanceof AddInterest interest) {
            return Money.problem(interest.amount(), false);
        }
        if (command instanceof TransferMoney transfer) {
            return transferProblem(transfer.transferId(), transfer.toAccountId(), "toAccountId")
                    .or(() -> transfer.transferId().contains("/")
                            ? Optional.of("transferId must not contain '/': the follow-up commandIds add it")
                            : Optional.empty())
                    .or(() -> command.accountId().equals(transfer.toAccountId())
                            ? Optional.of("a transfer needs two different accounts")
                            : Optional.empty())
                    .or(() -> Money.problem(transfer.amount(), false))
                    .or(() -> descriptionProblem(transfer.description()));
        }
        if (command instanceof CreditTransfer credit) {
            return transferProblem(credit.transferId(), credit.fromAccountId(), "fromAccountId")
                    .or(() -> Money.problem(credit.amount(), false))
                    .or(() -> descriptionProblem(credit.description()));
        }
        if (command instanceof RefundTransfer refund) {
            return transferProblem(refund.transferId(), refund.toAccountId(), "toAccountId")
                    .or(() -> Money.problem(refund.amount(), false))
                    .or(() -> refund.reason() == null ? Optional.of("reason is required") : Optional.empty());
        }
        return Optional.empty();
    }

    /**
     * Descriptions as events store them since MoneyDeposited v2: stripped, and a blank one is no description.
     * MoneyDepositedV1Upcaster (schemas) applies the same rule to v1 events when they are read.
     */
    private static String description(final String description) {
        if (description == null) {
            return null;
        }
        final String stripped = description.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static Optional<String> transferProblem(
            final String transferId, final String otherAccount, final String otherField) {
        if (transferId == null || transferId.isBlank()) {
            return Optional.of("transferId is required");
        }
        return AccountIds.isValid(otherAccount)
                ? Optional.empty()
                : Optional.of(otherField + " must be 1-64 characters of letters, digits, '.', '_' or '-'");
    }

    private static Optional<String> descriptionProblem(final String description) {
        return description != null && description.length() > MAX_DESCRIPTION_LENGTH
                ? Optional.of("description must be at most " + MAX_DESCRIPTION_LENGTH + " characters")
                : Optional.empty();
    }
}
