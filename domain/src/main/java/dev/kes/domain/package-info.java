/**
 * The bank account aggregate as pure functions, in the decider style:
 * {@link dev.kes.domain.AccountDecider#decide} turns a command and the current state into events or a rejection,
 * {@link dev.kes.domain.AccountDecider#evolve} folds an event into the state.
 *
 * <p>This module has no Kafka, Avro or HTTP dependency on purpose: the rules can be read and tested on their own,
 * and the same fold rebuilds state from a snapshot, from the event topic or from an archive.
 */
package dev.kes.domain;
