package dev.kes.service.personal;

import dev.kes.service.config.Settings;
import java.nio.file.Path;

/**
 * Where the key-encryption key comes from: a file holding it in base64 ({@code personal.kek.file}), or the
 * environment variable named by {@code personal.kek.env}. {@code personal.kek.generate=true} (the local stack, tests)
 * creates {@code <state.dir>/kek} on first start and reuses it; without any of them a service refuses to start.
 */
public record PersonalDataSettings(String kekFile, String kekEnv, boolean generate, Path stateDir) {

    public static PersonalDataSettings from(final Settings settings) {
        return new PersonalDataSettings(
                settings.get("personal.kek.file", ""),
                settings.get("personal.kek.env", ""),
                Boolean.parseBoolean(settings.get("personal.kek.generate", "false")),
                Path.of(settings.get("state.dir", "data")));
    }

    @Override
    public String toString() {
        return "PersonalDataSettings[kekFile=" + kekFile + ", kekEnv=" + kekEnv + ", generate=" + generate + "]";
    }
}
