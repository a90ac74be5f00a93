package dev.kes.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.Http;
import dev.kes.admin.testing.Services;
import dev.kes.command.CommandService;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.personal.KeyEncryptionKey;
import dev.kes.service.personal.PersonalKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * es-admin erase: the erasure event through the command service, then the account's data keys tombstoned; es-admin
 * events prints the holder sealed without a key-encryption key, revealed with it, and erased after the erasure.
 */
@WithKafka
class EraseCommandTest {

    @Test
    void erasesOnceAndAgainAndRefusesAnUnknownAccount(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final String prefix = TestNames.unique("es-admin-erase");
        final TopicNames topics = TopicNames.prefixed(prefix);
        try (CommandService commands = Services.command(kafka, prefix + "-commands", topics, state)) {
            final HttpResponse<String> opened = Http.postJson(
                    commands.httpPort(),
                    "/accounts",
                    "{\"accountId\":\"erase-me\",\"holder\":\"Ada\",\"initialDeposit\":\"1\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            final Path kek =
                    Path.of(System.getProperty("java.io.tmpdir"), "kes-test-keks", topics.personalKeys() + ".kek");
            final String[] events = {
                "events",
                "--account",
                "erase-me",
                "--bootstrap",
                kafka.bootstrapServers(),
                "--events-topic",
                topics.events(),
                "--keys-topic",
                topics.personalKeys()
            };
            final Cli.Run sealed = Cli.run(events);
            assertThat(sealed.exitCode()).as(sealed.toString()).isEqualTo(ExitCodes.OK);
            assertThat(sealed.out()).contains("AccountOpened", "holder=kes:pii:1:");
            assertThat(sealed.err()).contains("printed sealed", "--kek-file");
            final Cli.Run revealed = Cli.run(concat(events, new String[] {"--kek-file", kek.toString()}));
            assertThat(revealed.exitCode()).as(revealed.toString()).isEqualTo(ExitCodes.OK);
            assertThat(revealed.out()).contains("holder=Ada ").doesNotContain("kes:pii:");
            assertThat(revealed.err()).doesNotContain("printed sealed");
            final Path wrongKek = KeyEncryptionKey.ensureFile(state.resolve("wrong.kek"));
            final Cli.Run wrong = Cli.run(concat(events, new String[] {"--kek-file", wrongKek.toString()}));
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(wrong.err()).contains("another key-encryption key");

            final String[] options = {
                "--bootstrap", kafka.bootstrapServers(),
                "--commands-topic", topics.commands(),
                "--results-topic", topics.results(),
                "--keys-topic", topics.personalKeys()
            };

            final Cli.Run first = Cli.run(concat(new String[] {"erase", "--account", "erase-me"}, options));
            assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);
            assertThat(first.out()).contains("erase-me", "version 2", "data key(s) tombstoned");
            try (PersonalKeys keys = PersonalKeys.open(kafka.clientProperties(), topics.personalKeys(), null)) {
                assertThat(keys.hasKeys("erase-me")).isFalse();
            }

            final Cli.Run afterErasure = Cli.run(concat(events, new String[] {"--kek-file", kek.toString()}));
            assertThat(afterErasure.exitCode()).as(afterErasure.toString()).isEqualTo(ExitCodes.OK);
            assertThat(afterErasure.out())
                    .contains("AccountOpened", "holder=null personalDataErased=true", "PersonalDataErased")
                    .doesNotContain("Ada");

            final Cli.Run again = Cli.run(concat(new String[] {"erase", "--account", "erase-me"}, options));
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
            assertThat(again.out()).contains("version 2", "0 data key(s)");

            final Cli.Run unknown = Cli.run(concat(new String[] {"erase", "--account", "nobody"}, options));
            assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
            assertThat(unknown.err()).contains("does not exist");
        }
    }

    private static String[] concat(final String[] a, final String[] b) {
        final String[] both = new String[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
