package dev.kes.client.serde;

import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import java.util.Map;

/**
 * The codec one serde's serializer and deserializer share. A serde built without a codec starts with the shipped one
 * and takes {@code schema.registry.url} (and {@code basic.auth.user.info}) from {@code configure}, the way
 * Confluent's serdes do; the first configuration naming a registry builds the codec, once for both halves.
 */
final class ConfiguredCodec {
    private final boolean configurable;
    private volatile AvroCodec codec;
    private Object configuredUrl;

    private ConfiguredCodec(final AvroCodec codec, final boolean configurable) {
        this.codec = codec;
        this.configurable = configurable;
    }

    /** Starts with the shipped codec; {@link #configure} may replace it. */
    static ConfiguredCodec fromConfigure() {
        return new ConfiguredCodec(AvroCodec.shipped(), true);
    }

    /** Always {@code codec}: configuration does not change it. */
    static ConfiguredCodec fixed(final AvroCodec codec) {
        return new ConfiguredCodec(codec, false);
    }

    AvroCodec codec() {
        return codec;
    }

    synchronized void configure(final Map<String, ?> configs) {
        if (!configurable || configs == null || !Codecs.usesRegistry(configs)) {
            return;
        }
        final Object url = configs.get(Codecs.URL);
        if (!url.equals(configuredUrl)) {
            codec = Codecs.fromConfig(configs);
            configuredUrl = url;
        }
    }
}
