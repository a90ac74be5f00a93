package dev.kes.service.personal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit AES key that wraps every data key. Its {@link #id()} (a digest of the key, not the key) is written
 * beside each wrapped key, so that a service started with another key is told so before it writes anything.
 */
public final class KeyEncryptionKey {
    static final int BYTES = 32;
    static final int ID_BYTES = 8;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final byte[] id;

    private KeyEncryptionKey(final byte[] raw) {
        if (raw.length != BYTES) {
            throw new PersonalDataException(
                    "the key-encryption key must be " + BYTES + " bytes (base64 of 256 bits), got " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
        try {
            this.id = Arrays.copyOf(
                    MessageDigest.getInstance("SHA-256")
                            .digest(concat("kes-kek-id".getBytes(StandardCharsets.UTF_8), raw)),
                    ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** A fresh random key, for tests and {@code personal.kek.generate}. */
    public static KeyEncryptionKey random() {
        return new KeyEncryptionKey(randomBytes(BYTES));
    }

    /** The key in base64, as a KEK file or variable holds it. */
    public static String newBase64() {
        return Base64.getEncoder().encodeToString(randomBytes(BYTES));
    }

    public static KeyEncryptionKey fromBase64(final String base64, final String source) {
        try {
            return new KeyEncryptionKey(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new PersonalDataException("the key-encryption key in " + source + " is not base64", e);
        }
    }

    /** The key as configured; without one, a clear error naming the settings to give. */
    public static KeyEncryptionKey load(final PersonalDataSettings settings) {
        if (!settings.kekFile().isBlank()) {
            return fromFile(Path.of(settings.kekFile()));
        }
        if (!settings.kekEnv().isBlank()) {
            final String value = System.getenv(settings.kekEnv());
            if (value == null || value.isBlank()) {
                throw new PersonalDataException("personal.kek.env names " + settings.kekEnv()
                        + " but that environment variable is not set: no key-encryption key, not starting");
            }
            return fromBase64(value, "environment variable " + settings.kekEnv());
        }
        if (settings.generate()) {
            return generated(settings.stateDir().resolve("kek"));
        }
        throw new PersonalDataException("no key-encryption key: set personal.kek.file (a file holding 32 bytes in "
                + "base64) or personal.kek.env (the name of a variable holding them); not starting");
    }

    /** The key in {@code file}, written there (owner-only) first when it does not exist. */
    static KeyEncryptionKey generated(final Path file) {
        return fromFile(ensureFile(file));
    }

    /**
     * {@code file}, holding a new random key (owner-only) unless it exists: the local stack's key under its data dir,
     * made on the first start and reused by every later one.
     */
    public static synchronized Path ensureFile(final Path file) {
        if (!Files.exists(file)) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, newBase64() + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's own protection applies
                }
            } catch (IOException e) {
                throw new PersonalDataException("cannot write the key-encryption key " + file + ": " + e, e);
            }
        }
        return file;
    }

    private static KeyEncryptionKey fromFile(final Path file) {
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), "file " + file);
        } catch (IOException e) {
            throw new PersonalDataException("cannot read the key-encryption key file " + file + ": " + e, e);
        }
    }

    /** A digest of the key: equal ids, equal keys. */
    public byte[] id() {
        return id.clone();
    }

    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    boolean hasId(final byte[] other) {
        return MessageDigest.isEqual(id, other);
    }

    /** IV and ciphertext of {@code dataKey}, bound to the account and key id it belongs to. */
    byte[] wrap(final byte[] dataKey, final String keyName) {
        final byte[] iv = randomBytes(IV_BYTES);
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(keyName.getBytes(StandardCharsets.UTF_8));
            return concat(iv, cipher.doFinal(dataKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** The data key, or an error when it was not wrapped by this key for this name. */
    byte[] unwrap(final byte[] wrapped, final String keyName) {
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(wrapped, 0, IV_BYTES)));
            cipher.updateAAD(keyName.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(wrapped, IV_BYTES, wrapped.length - IV_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PersonalDataException("data key " + keyName + " does not unwrap with key-encryption key "
                    + idHex() + ": the configured key-encryption key is not the one it was written with");
        }
    }

    static byte[] randomBytes(final int count) {
        final byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[id=" + idHex() + "]";
    }
}
