package dev.kes.admin.cli;

import dev.kes.admin.AdminException;
import dev.kes.admin.ExitCodes;
import dev.kes.client.command.CommandClient;
import dev.kes.client.command.CommandResultUnreadableException;
import dev.kes.domain.AccountCommand;
import dev.kes.domain.ExpectedVersion;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.mapping.CommandMapping;
import dev.kes.service.personal.PersonalKeys;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * es-admin erase: what {@code DELETE /accounts/{id}/personal-data} does, from the command line. The erasure event
 * goes through the command service (its one writer per account), then this tool tombstones the account's data keys;
 * tombstoning needs no key-encryption key.
 */
@Command(
        name = "erase",
        sortOptions = false,
        description = {
            "Erase an account's personal data (crypto-shredding): records PersonalDataErased through the command "
                    + "service, then tombstones the account's data keys in the keys topic.",
            "Idempotent. Exit 1 when the account does not exist. README \"Personal data\" says when the keys topic's "
                    + "files no longer hold the key."
        })
public final class EraseCommand extends EventsTopicCommand {
    @Option(names = "--account", required = true, paramLabel = "ACCOUNT_ID", description = "the account to erase")
    private String account;

    @Option(
            names = "--commands-topic",
            paramLabel = "TOPIC",
            defaultValue = TopicNames.COMMANDS,
            description = "the command service's commands topic (default: ${DEFAULT-VALUE})")
    private String commandsTopic;

    @Option(
            names = "--results-topic",
            paramLabel = "TOPIC",
            defaultValue = TopicNames.RESULTS,
            description = "the command service's results topic (default: ${DEFAULT-VALUE})")
    private String resultsTopic;

    @Mixin
    private KeysTopicOption keysTopic;

    @Override
    public Integer call() throws InterruptedException {
        final CommandResult result = submit();
        if (result.getOutcome() == Outcome.REJECTED) {
            spec.commandLine()
                    .getErr()
                    .printf("not erased: %s%n", result.getRejection().getMessage())
                    .flush();
            return ExitCodes.PROBLEMS_FOUND;
        }
        final int tombstoned;
        try (PersonalKeys keys = PersonalKeys.open(kafka.clientProperties(), keysTopic.topic(), null)) {
            tombstoned = keys.erase(account);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "account %s: personal data erased (version %d); %d data key(s) tombstoned%n",
                        account, result.getVersion(), tombstoned)
                .flush();
        return ExitCodes.OK;
    }

    private CommandResult submit() throws InterruptedException {
        // past the client's own timeout, whose exception names the command, so that one comes first
        final Duration answer = kafka.timeout().multipliedBy(2);
        try (CommandClient client = CommandClient.builder()
                .kafka(kafka.clientProperties())
                .codec(kafka.codec())
                .topics(commandsTopic, resultsTopic)
                .timeout(kafka.timeout())
                .build()) {
            if (!client.awaitReady(kafka.timeout())) {
                throw new AdminException("the results topic " + resultsTopic + " could not be read in "
                        + kafka.timeout().toSeconds() + " s");
            }
            return client.submit(CommandMapping.toAvro(
                            new AccountCommand.ErasePersonalData(account, ExpectedVersion.any(), null),
                            UUID.randomUUID().toString(),
                            Metadata.newBuilder().build()))
                    .get(answer.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CommandResultUnreadableException unreadable) {
                // the erasure was appended; its result says nothing here until what it names is fixed
                throw new AdminException("the erasure of " + account + " was sent, but its result cannot be read: "
                        + unreadable.getCause().getMessage() + ". Run this again once that is fixed: erasing twice "
                        + "is safe.");
            }
            throw new AdminException("the erasure of " + account + " may or may not be recorded: "
                    + e.getCause().getMessage() + ". Running this again is safe: erasing twice changes nothing.");
        } catch (TimeoutException e) {
            throw new AdminException("the command service did not answer the erasure of " + account + " in "
                    + answer.toSeconds() + " s: it may or may not be recorded. Running this "
                    + "again is safe.");
        }
    }
}
