/**
 * Personal fields encrypted with a per-account data key (crypto-shredding, docs/adr/0016-personal-data.md): the
 * key-encryption key from configuration, the data keys in a compacted topic, the field cipher, and the erasure that
 * tombstones an account's keys. Plain Kafka clients only.
 */
package dev.kes.service.personal;
