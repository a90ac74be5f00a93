package dev.kes.admin.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** What every es-admin command that talks to Kafka holds: its own spec (for output and errors) and the Kafka options. */
abstract class KafkaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;
}
