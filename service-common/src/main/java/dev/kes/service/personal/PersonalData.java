package dev.kes.service.personal;

import dev.kes.domain.PersonalValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals a personal field where it enters (AES-256-GCM with the account's data key; the associated data binds it to
 * the account and the field) and reveals it where a user reads it. A sealed value is text, so the schemas' string
 * fields carry it unchanged: {@code kes:pii:1:<keyId>:<base64url(iv|ciphertext|tag)>}. A value without that prefix
 * is clear text written before encryption existed, and is answered as it is.
 */
public final class PersonalData implements AutoCloseable {
    /** Without keys: clear values as they are, every sealed one as erased. For tests of what holds no personal data. */
    public static final PersonalData NONE = new PersonalData(null);

    private static final Logger LOG = LoggerFactory.getLogger(PersonalData.class);
    private static final String FORMAT = PersonalValues.SEALED_PREFIX + "1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final PersonalKeys keys;

    public PersonalData(final PersonalKeys keys) {
        this.keys = keys;
    }

    /**
     * The key-encryption key as configured, checked against the keys topic (which must exist) before anything is
     * written: a missing or wrong one fails here with a line that says so.
     */
    public static PersonalData open(
            final Map<String, Object> kafka, final String keysTopic, final PersonalDataSettings settings) {
        final KeyEncryptionKey kek = KeyEncryptionKey.load(settings);
        final PersonalKeys keys = PersonalKeys.open(kafka, keysTopic, kek);
        LOG.info("personal data sealed with data keys in {}, wrapped by key-encryption key {}", keysTopic, kek.idHex());
        return new PersonalData(keys);
    }

    /**
     * For a tool that reveals what it prints: the key-encryption key checked as {@link #open} does, but nothing is
     * ever written to the keys topic (no check record, no new key).
     */
    public static PersonalData openForReading(
            final Map<String, Object> kafka, final String keysTopic, final PersonalDataSettings settings) {
        return new PersonalData(PersonalKeys.openForReading(kafka, keysTopic, KeyEncryptionKey.load(settings)));
    }

    /** The personal fields of the schemas, by name: every one is sealed on the way in and revealed on the way out. */
    public static boolean isPersonalField(final String name) {
        return PersonalValues.FIELDS.contains(name);
    }

    /**
     * The value sealed under the account's data key. The same value of the same field and account seals to the same
     * text (the IV is an HMAC of it, as in SIV modes), so a retried command keeps its fingerprint and is recognised
     * as the same request; different values get different IVs, and equal sealed texts reveal only that equality.
     */
    public String seal(final String accountId, final String field, final String clear) {
        return seal(accountId, field, clear, true);
    }

    /**
     * As {@link #seal(String, String, String)} for the account's only writer (the task that owns its partition, a
     * migration with the writers stopped): a key it does not hold is made without first looking for one another
     * instance may have just written, which saves a read of the keys topic per new account. A second key of an
     * account is harmless (each sealed text names its key; erasure deletes them all).
     */
    public String sealAsOnlyWriter(final String accountId, final String field, final String clear) {
        return seal(accountId, field, clear, false);
    }

    private String seal(final String accountId, final String field, final String clear, final boolean lookFirst) {
        if (keys == null) {
            throw new IllegalStateException("no data keys to seal with");
        }
        return sealWith(keys.keyFor(accountId, lookFirst), accountId, field, clear);
    }

    /**
     * The account's key in memory, or a new one for the caller to write to the keys topic in its own transaction,
     * before or with what it seals with it ({@link #sealWith}).
     */
    public PersonalKeys.NewKey knownOrNewKey(final String accountId) {
        if (keys == null) {
            throw new IllegalStateException("no data keys to seal with");
        }
        return keys.knownOrNewKey(accountId);
    }

    /** The value sealed under {@code key}, as {@link #seal(String, String, String)} does under the account's key. */
    public String sealWith(
            final PersonalKeys.DataKey key, final String accountId, final String field, final String clear) {
        final byte[] aad = aad(accountId, field);
        final byte[] plain = clear.getBytes(StandardCharsets.UTF_8);
        try {
            final byte[] iv = syntheticIv(key.key(), aad, plain);
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            final byte[] sealed = KeyEncryptionKey.concat(iv, cipher.doFinal(plain));
            return FORMAT + key.keyId() + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    private static byte[] syntheticIv(final SecretKey key, final byte[] aad, final byte[] plain)
            throws GeneralSecurityException {
        // a key of its own for the IV, derived from the data key, so the AES key is used for AES only
        final Mac derive = Mac.getInstance("HmacSHA256");
        derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
        final byte[] ivKey = derive.doFinal("kes:pii:iv".getBytes(StandardCharsets.UTF_8));
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ivKey, "HmacSHA256"));
        mac.update(aad);
        mac.update((byte) 0);
        return Arrays.copyOf(mac.doFinal(plain), IV_BYTES);
    }

    /**
     * The clear value; empty when its key is erased. A value that is not sealed is returned as it is (written before
     * encryption); null stays absent.
     */
    public Optional<String> reveal(final String accountId, final String field, final String value) {
        if (value == null || !PersonalValues.isSealed(value)) {
            return Optional.ofNullable(value);
        }
        if (!value.startsWith(FORMAT)) {
            throw new PersonalDataException(
                    "personal field " + field + " of account " + accountId + " is sealed in an unknown format");
        }
        final int colon = value.indexOf(':', FORMAT.length());
        if (colon < 0) {
            throw new PersonalDataException("personal field " + field + " of account " + accountId + " is malformed");
        }
        final String keyId = value.substring(FORMAT.length(), colon);
        final Optional<SecretKey> key = keys == null ? Optional.empty() : keys.find(accountId, keyId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        final byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(value.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new PersonalDataException("personal field " + field + " of account " + accountId + " is malformed");
        }
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, Arrays.copyOf(sealed, IV_BYTES)));
            cipher.updateAAD(aad(accountId, field));
            return Optional.of(
                    new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PersonalDataException("personal field " + field + " of account " + accountId
                    + " does not decrypt with its data key " + keyId);
        }
    }

    /** Erases the account's personal data for good: its keys' tombstones. */
    public int erase(final String accountId) {
        return keys == null ? 0 : keys.erase(accountId);
    }

    @Override
    public void close() {
        if (keys != null) {
            keys.close();
        }
    }

    private static byte[] aad(final String accountId, final String field) {
        final byte[] account = accountId.getBytes(StandardCharsets.UTF_8);
        final byte[] name = field.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + account.length + name.length)
                .putInt(account.length)
                .put(account)
                .put(name)
                .array();
    }
}
