package dev.kes.service.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyEncryptionKeyTest {

    @Test
    void wrapsForOneNameAndOnlyItsOwnKeyUnwraps() {
        final KeyEncryptionKey kek = KeyEncryptionKey.random();
        final byte[] dataKey = KeyEncryptionKey.randomBytes(32);
        final byte[] wrapped = kek.wrap(dataKey, "acc-1/k1");

        assertThat(kek.unwrap(wrapped, "acc-1/k1")).isEqualTo(dataKey);
        assertThatThrownBy(() -> kek.unwrap(wrapped, "acc-2/k1")).isInstanceOf(PersonalDataException.class);
        assertThatThrownBy(() -> KeyEncryptionKey.random().unwrap(wrapped, "acc-1/k1"))
                .isInstanceOf(PersonalDataException.class)
                .hasMessageContaining("not the one it was written with");
    }

    @Test
    void theIdTellsKeysApartWithoutShowingThem() {
        final String base64 = KeyEncryptionKey.newBase64();
        final KeyEncryptionKey one = KeyEncryptionKey.fromBase64(base64, "test");

        assertThat(KeyEncryptionKey.fromBase64(base64, "test").hasId(one.id())).isTrue();
        assertThat(KeyEncryptionKey.random().hasId(one.id())).isFalse();
        assertThat(one.toString()).doesNotContain(base64);
    }

    @Test
    void aGeneratedKeyIsOwnerOnlyAndReused(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("data").resolve("kek");
        final KeyEncryptionKey first = KeyEncryptionKey.generated(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(KeyEncryptionKey.generated(file).hasId(first.id())).isTrue();
    }

    @Test
    void aKeyOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> KeyEncryptionKey.fromBase64("c2hvcnQ=", "file k"))
                .isInstanceOf(PersonalDataException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> KeyEncryptionKey.fromBase64("not base64!", "file k"))
                .isInstanceOf(PersonalDataException.class)
                .hasMessageContaining("not base64");
    }
}
