package dev.kes.kafka.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class a real Kafka cluster: declare a {@link KafkaTestCluster} parameter on the constructor,
 * a {@code @BeforeAll}/{@code @BeforeEach} method or a test method. See {@link KafkaClusterExtension}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(KafkaClusterExtension.class)
public @interface WithKafka {}
