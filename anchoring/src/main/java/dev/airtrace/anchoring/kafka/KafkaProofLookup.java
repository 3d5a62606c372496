package dev.airtrace.anchoring.kafka;

import dev.airtrace.anchoring.proof.ProofAssembler;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.LeafRef;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.core.kafka.KafkaClientProperties;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import dev.airtrace.topics.gateway.ReadingJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Builds the self-contained proof of one reading, named by device id and sequence number, from what
 * Kafka holds: the readings topic (the reading, its batch position, and every leaf of its gateway
 * batch), the batch-header topic (the signed header) and the anchoring service's epoch topic (the
 * epoch and its anchor).
 *
 * <p>It scans the topics from the beginning, twice for the readings (find the reading, then collect
 * its batch), so its cost grows with retention: right for an auditor's or operator's one-off
 * request, not for serving proofs at request rates (that needs an index; see docs/anchoring.md).
 * Stateless; each call opens and closes its own consumers.
 */
public final class KafkaProofLookup {
  private static final Duration POLL = Duration.ofMillis(500);

  private final String bootstrapServers;
  private final KafkaClientProperties client;
  private final String readingsTopic;
  private final String headersTopic;
  private final String epochsTopic;

  /** A lookup over the given topics. */
  public KafkaProofLookup(
      String bootstrapServers, String readingsTopic, String headersTopic, String epochsTopic) {
    this(bootstrapServers, KafkaClientProperties.NONE, readingsTopic, headersTopic, epochsTopic);
  }

  /** A lookup over the given topics, with the environment's client settings (TLS, SASL). */
  public KafkaProofLookup(
      String bootstrapServers,
      KafkaClientProperties client,
      String readingsTopic,
      String headersTopic,
      String epochsTopic) {
    this.bootstrapServers = bootstrapServers;
    this.client = client;
    this.readingsTopic = readingsTopic;
    this.headersTopic = headersTopic;
    this.epochsTopic = epochsTopic;
  }

  /** What a lookup found, or why it could not produce a proof. */
  public sealed interface Result {
    /** The proof (its anchor state says whether it is final yet). */
    record Found(AnchorProof proof) implements Result {}

    /** No proof can be produced (yet); {@code reason} says why, for an operator. */
    record NotAvailable(String reason) implements Result {}
  }

  /**
   * The proof of {@code device}'s reading {@code sequence}. When the reading was batched more than
   * once (an MQTT redelivery after a gateway crash), the anchor that is furthest along wins.
   */
  public Result find(DeviceId device, long sequence, ProofAssembler assembler) {
    List<Located> candidates = new ArrayList<>();
    scan(
        readingsTopic,
        r -> {
          Reading reading;
          try {
            reading = ReadingJson.decode(r.value());
          } catch (CodecException e) {
            return; // the processor dead-letters such records; they have no proof
          }
          if (reading.deviceId().equals(device) && reading.sequence() == sequence) {
            ReadingJson.batchRef(r.value()).ifPresent(b -> candidates.add(new Located(reading, b)));
          }
        });
    if (candidates.isEmpty()) {
      return new Result.NotAvailable(
          "no batched reading " + device + "#" + sequence + " on " + readingsTopic);
    }
    Map<String, BatchHeader> headers = headers();
    List<EpochRecord> epochs;
    try (KafkaEpochStore store = KafkaEpochStore.open(bootstrapServers, client, epochsTopic)) {
      epochs = store.loadAll();
    }
    // Pick the candidate whose epoch is furthest along first, then assemble only its proof: each
    // assembly rescans the readings topic for the batch's leaves.
    Located best = null;
    BatchHeader bestHeader = null;
    EpochRecord bestEpoch = null;
    String lastReason = "";
    for (Located c : candidates) {
      String key = c.reading.gatewayId().value() + ":" + c.batch.seq();
      BatchHeader header = headers.get(key);
      if (header == null) {
        lastReason = "gateway batch " + key + " has no header yet (not sealed)";
        continue;
      }
      Optional<EpochRecord> epoch =
          epochs.stream()
              .filter(e -> e.leaves().stream().map(LeafRef::key).anyMatch(key::equals))
              .max(Comparator.comparing(EpochRecord::state));
      if (epoch.isEmpty()) {
        lastReason = "gateway batch " + key + " is not in an epoch yet";
        continue;
      }
      if (bestEpoch == null || epoch.get().state().compareTo(bestEpoch.state()) > 0) {
        best = c;
        bestHeader = header;
        bestEpoch = epoch.get();
      }
    }
    if (best == null) {
      return new Result.NotAvailable(lastReason);
    }
    List<byte[]> leaves =
        batchLeaves(best.reading.gatewayId().value(), best.batch.seq(), bestHeader);
    AnchorProof proof =
        assembler.assemble(
            LeafEncoding.encode(best.reading),
            Math.toIntExact(best.batch.index()),
            leaves,
            bestHeader,
            bestEpoch);
    return new Result.Found(proof);
  }

  private record Located(Reading reading, BatchRef batch) {}

  /** Every leaf hash of one gateway batch, in leaf order, from the readings topic. */
  private List<byte[]> batchLeaves(String gateway, long batchSeq, BatchHeader header) {
    Map<Long, byte[]> byIndex = new TreeMap<>();
    scan(
        readingsTopic,
        r -> {
          Optional<BatchRef> ref = ReadingJson.batchRef(r.value());
          if (ref.isEmpty() || ref.get().seq() != batchSeq) {
            return;
          }
          Reading reading = ReadingJson.decode(r.value());
          if (!reading.gatewayId().value().equals(gateway)) {
            return;
          }
          byte[] leaf = LeafEncoding.leafHash(reading);
          byte[] before = byIndex.putIfAbsent(ref.get().index(), leaf);
          if (before != null && !Arrays.equals(before, leaf)) {
            throw new IllegalStateException(
                "two different readings claim leaf "
                    + ref.get().index()
                    + " of gateway batch "
                    + gateway
                    + ":"
                    + batchSeq);
          }
        });
    if (byIndex.size() != header.size()) {
      throw new IllegalStateException(
          "gateway batch "
              + gateway
              + ":"
              + batchSeq
              + " has "
              + header.size()
              + " leaves but "
              + byIndex.size()
              + " readings are on "
              + readingsTopic
              + " (retention shorter than the proof's needs?)");
    }
    return new ArrayList<>(byIndex.values());
  }

  private Map<String, BatchHeader> headers() {
    Map<String, BatchHeader> out = new TreeMap<>();
    scan(
        headersTopic,
        r -> {
          BatchHeader h = BatchHeaderJson.decode(r.value());
          out.put(h.gatewayId().value() + ":" + h.seq(), h);
        });
    return out;
  }

  /** Reads {@code topic} from the beginning to its end offsets at the start of the scan. */
  private void scan(String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
    Properties p = client.toProperties(); // cannot hold any key set below
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            each.accept(r);
          }
        }
      }
    }
  }
}
