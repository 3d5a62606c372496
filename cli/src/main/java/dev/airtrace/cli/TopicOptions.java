package dev.airtrace.cli;

import picocli.CommandLine.Option;

/** Topic-creation options of the commands that own topics ({@code gateway}, {@code processor}). */
final class TopicOptions {
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
