/**
 * Kafka serdes for the topics of kes, for Kafka Streams apps and plain consumers and producers. They implement
 * kafka-clients' {@code Serde}, so this library needs no Kafka Streams; an app that uses Streams brings its own.
 */
package dev.kes.client.serde;
