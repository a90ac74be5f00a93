package dev.kes.client.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.client.command.CommandClient;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.registry.InMemorySchemaRegistry;
import dev.kes.schemas.registry.SchemaRegistryException;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.UnknownSchemaException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The client's serdes and command client take {@code schema.registry.url} the way Confluent's serdes do. */
class RegistrySerdesTest {
    private static final MoneyDeposited DEPOSITED = MoneyDeposited.newBuilder()
            .setEventId("e-1")
            .setAccountId("a-1")
            .setVersion(2)
            .setOccurredAt(Instant.parse("2025-01-01T00:00:00Z"))
            .setMetadata(Metadata.newBuilder().build())
            .setAmount(new BigDecimal("1.00"))
            .setDescription(null)
            .setBalanceAfter(null)
            .build();

    @Test
    void aSerdeWithARegistryCodecWritesTheConfluentFramingAndReadsBoth() {
        final AvroCodec codec = AvroCodec.withRegistry(new InMemorySchemaRegistry());
        try (EventSerde serde = new EventSerde(codec)) {
            final byte[] framed = serde.serializer().serialize("t", DEPOSITED);
            assertThat(framed[0]).isZero();
            final SpecificRecord fromFramed = serde.deserializer().deserialize("t", framed);
            assertThat(fromFramed).isEqualTo(DEPOSITED);
            final SpecificRecord fromSingleObject =
                    serde.deserializer().deserialize("t", AvroCodec.shipped().encode(DEPOSITED));
            assertThat(fromSingleObject).isEqualTo(DEPOSITED);
            // a serde without a registry says what it met
            assertThatThrownBy(() -> new EventSerde().deserializer().deserialize("t", framed))
                    .isInstanceOf(UnknownSchemaException.class)
                    .hasMessageContaining("schema.registry.url");
        }
    }

    @Test
    void configureWithAnUnreachableRegistryFailsNamingItsUrl() throws IOException {
        final String url = unreachable();
        try (EventSerde serde = new EventSerde()) {
            assertThatThrownBy(() -> serde.configure(Map.of("schema.registry.url", url), false))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining(url);
        }
        try (CommandResultSerde serde = new CommandResultSerde()) {
            serde.configure(Map.of("other", "x"), false); // no registry: stays single-object
            assertThatThrownBy(() -> serde.configure(Map.of("schema.registry.url", url), false))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining(url);
        }
    }

    @Test
    void theCommandClientTakesTheRegistryFromItsKafkaProperties() throws IOException {
        final String url = unreachable();
        assertThatThrownBy(() -> CommandClient.builder()
                        .kafka(Map.of("bootstrap.servers", "127.0.0.1:9", "schema.registry.url", url))
                        .build())
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url);
    }

    private static String unreachable() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
