package dev.airtrace.cli;

import picocli.CommandLine.Option;

/** Kafka connection and topic-creation options shared by the component commands. */
final class KafkaOptions {
  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--create-topics",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Create this component's topics when missing (default: ${DEFAULT-VALUE}). Turn off on"
              + " managed clusters where topics are provisioned separately.")
  boolean createTopics;

  @Option(
      names = "--topic-partitions",
      defaultValue = "3",
      description = "Partitions for topics this command creates (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--topic-replication",
      defaultValue = "1",
      description =
          "Replication factor for topics this command creates (default: ${DEFAULT-VALUE}).")
  short replication;
}
