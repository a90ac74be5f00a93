package dev.kes.admin.cli;

import dev.kes.admin.AdminException;
import dev.kes.service.personal.PersonalData;
import dev.kes.service.personal.PersonalDataException;
import dev.kes.service.personal.PersonalDataSettings;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --kek-file}/{@code --kek-env} and {@code --keys-topic}: with a key-encryption key (the services'
 * {@code personal.kek.file}/{@code personal.kek.env}), a command reveals the personal fields it prints and shows
 * erased ones as erased; without one it prints them sealed.
 */
final class PersonalDataOptions {
    @Option(
            names = "--kek-file",
            paramLabel = "FILE",
            description = "reveal personal fields with the key-encryption key in FILE (base64 of 32 bytes, as the "
                    + "services' personal.kek.file)")
    private String kekFile;

    @Option(
            names = "--kek-env",
            paramLabel = "VARIABLE",
            description = "reveal personal fields with the key-encryption key in this environment variable (as the "
                    + "services' personal.kek.env)")
    private String kekEnv;

    @Mixin
    private KeysTopicOption keys;

    boolean revealing() {
        return !blank(kekFile) || !blank(kekEnv);
    }

    /** The keys to reveal with, read only (this tool writes nothing to the keys topic); null without a KEK. */
    PersonalData open(final Map<String, Object> kafka) {
        if (!revealing()) {
            return null;
        }
        try {
            return PersonalData.openForReading(
                    kafka,
                    keys.topic(),
                    new PersonalDataSettings(blank(kekFile) ? "" : kekFile, blank(kekEnv) ? "" : kekEnv, false, null));
        } catch (PersonalDataException e) {
            throw new AdminException(e.getMessage());
        }
    }

    private static boolean blank(final String value) {
        return value == null || value.isBlank();
    }
}
