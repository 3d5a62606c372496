package dev.airtrace.cli;

import dev.airtrace.anchoring.kafka.KafkaEpochStore;
import dev.airtrace.anchoring.kafka.KafkaMerkleBatchHeaderSource;
import dev.airtrace.anchoring.kafka.KafkaProofLookup;
import dev.airtrace.anchoring.proof.ProofAssembler;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.integrity.Anchor;
import dev.airtrace.core.integrity.AnchorProofJson;
import dev.airtrace.gateway.GatewayTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airtrace proof}: the self-contained proof of one reading, by device id and sequence. */
@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    description = {
      "Print the sensor-anchor-proof/1 of one reading, found by device id and sequence number in"
          + " the readings, batch-header and epoch topics. Check it with `airtrace verify`.",
      "Exit status: 0 proof written (its anchor.state says pending, included or final),"
          + " 3 no proof available yet (the reason is printed)."
    })
final class ProofCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--device", required = true, description = "The device id.")
  String device;

  @Option(names = "--sequence", required = true, description = "The reading's sequence number.")
  long sequence;

  @Option(names = "--chain-id", required = true, description = "Chain id of the anchors.")
  long chainId;

  @Option(names = "--contract", required = true, description = "The RootAnchor contract address.")
  String contract;

  @Option(
      names = "--submitter",
      required = true,
      description = "The operator's address that sends the anchors.")
  String submitter;

  @Option(
      names = "--readings-topic",
      defaultValue = GatewayTopics.READINGS_V1,
      description = "Readings topic (default: ${DEFAULT-VALUE}).")
  String readingsTopic;

  @Option(
      names = "--headers-topic",
      defaultValue = KafkaMerkleBatchHeaderSource.TOPIC,
      description = "Gateway batch-header topic (default: ${DEFAULT-VALUE}).")
  String headersTopic;

  @Option(
      names = "--epochs-topic",
      defaultValue = KafkaEpochStore.TOPIC,
      description = "The anchoring service's epoch topic (default: ${DEFAULT-VALUE}).")
  String epochsTopic;

  @Option(
      names = {"-o", "--output"},
      description = "Write the proof to this file instead of standard output.")
  Path output;

  @Override
  public Integer call() throws Exception {
    KafkaProofLookup lookup =
        new KafkaProofLookup(
            kafka.bootstrap, kafka.clientProperties(), readingsTopic, headersTopic, epochsTopic);
    ProofAssembler assembler =
        new ProofAssembler(chainId, contract, submitter, Anchor.ANCHORED_TOPIC0);
    KafkaProofLookup.Result result = lookup.find(new DeviceId(device), sequence, assembler);
    if (result instanceof KafkaProofLookup.Result.Found found) {
      String json = AnchorProofJson.writeString(found.proof());
      if (output == null) {
        System.out.println(json);
      } else {
        Files.writeString(output, json + System.lineSeparator(), StandardCharsets.UTF_8);
      }
      return 0;
    }
    System.err.println(
        "no proof for "
            + device
            + "#"
            + sequence
            + ": "
            + ((KafkaProofLookup.Result.NotAvailable) result).reason());
    return 3;
  }
}
