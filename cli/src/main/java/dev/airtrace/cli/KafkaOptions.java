package dev.airtrace.cli;

import picocli.CommandLine.Option;

/** The Kafka connection option shared by every command that talks to Kafka. */
final class KafkaOptions {
  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;
}
