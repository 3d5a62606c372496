package dev.airtrace.faults;

import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.ReadingJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the gateway's readings and dead-letter topics from the beginning with {@code
 * read_committed} and keeps what belongs to one scenario: readings whose device id and dead letters
 * whose MQTT source topic contain the scenario's namespace. {@link #audit} compares them with an
 * {@link Expectation}.
 *
 * <p>Not thread-safe; one scenario thread polls it.
 */
final class Auditor implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final String namespace;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<ReadingKey, Integer> readings = new HashMap<>();
  private final Map<String, Integer> deadLetters = new HashMap<>(); // sha256 -> copies
  private final List<DeadLetter> deadLetterRecords = new ArrayList<>();
  private final Map<Integer, Long> firstBackfillOffset = new HashMap<>();
  private final Map<Integer, Long> lastBackfillOffset = new HashMap<>();
  // {partition, offset, Kafka timestamp - gateway receive time in ms}
  private final List<long[]> liveOffsets = new ArrayList<>();
  private long firstBackfillTimestamp = Long.MAX_VALUE; // Kafka CreateTime: the forwarder's send
  private long lastBackfillTimestamp = Long.MIN_VALUE;
  private final HourlyOracle hourly = new HourlyOracle();
  private long backfilled;

  Auditor(String bootstrapServers, String namespace) {
    this.namespace = namespace;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    // Dead letters of oversized payloads are up to 512 KiB.
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024));
    consumer = new KafkaConsumer<>(p);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.READINGS.name(), Topics.GATEWAY_DEAD_LETTERS.name())) {
      consumer
          .partitionsFor(topic)
          .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls once and keeps this scenario's records. */
  Auditor poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
      if (r.topic().equals(Topics.READINGS.name())) {
        Reading reading = ReadingJson.decode(r.value());
        if (reading.deviceId().value().startsWith(namespace)) {
          if (r.headers().lastHeader(Outbox.BACKFILL_HEADER) != null) {
            backfilled++;
            firstBackfillOffset.merge(r.partition(), r.offset(), Math::min);
            lastBackfillOffset.merge(r.partition(), r.offset(), Math::max);
            firstBackfillTimestamp = Math.min(firstBackfillTimestamp, r.timestamp());
            lastBackfillTimestamp = Math.max(lastBackfillTimestamp, r.timestamp());
          } else {
            liveOffsets.add(
                new long[] {r.partition(), r.offset(), r.timestamp() - reading.receivedAt()});
          }
          int copies =
              readings.merge(
                  new ReadingKey(
                      reading.deviceId().value(), reading.sequence(), reading.eventTime()),
                  1,
                  Integer::sum);
          if (copies == 1) {
            hourly.add(reading);
          }
        }
      } else {
        DeadLetter dead = DeadLetterJson.decode(r.value());
        if (dead.source().contains(namespace)) {
          String sha =
              dead.truncation() != null
                  ? dead.truncation().originalSha256().toLowerCase(Locale.ROOT)
                  : DeadLetter.sha256Hex(dead.payload());
          deadLetters.merge(sha, 1, Integer::sum);
          deadLetterRecords.add(dead);
        }
      }
    }
    return this;
  }

  /** Polls once more and compares everything kept so far with {@code expected}. */
  Audit audit(Expectation expected) {
    poll();
    int delivered = 0;
    int copies = 0;
    int dupAfterDedup = 0;
    List<String> lostSample = new ArrayList<>();
    for (ReadingKey key : expected.readings()) {
      Integer n = readings.get(key);
      if (n == null) {
        if (lostSample.size() < 10) {
          lostSample.add(key.toString());
        }
      } else {
        delivered++;
        copies += n - 1;
      }
    }
    for (Map.Entry<ReadingKey, Integer> e : readings.entrySet()) {
      if (!expected.readings().contains(e.getKey())) {
        dupAfterDedup++;
      }
    }
    int deadLettered = 0;
    for (Map.Entry<String, String> e : expected.deadLetters().entrySet()) {
      Integer n = deadLetters.get(e.getKey());
      if (n == null) {
        if (lostSample.size() < 10) {
          lostSample.add(e.getValue());
        }
      } else {
        deadLettered++;
        copies += n - 1;
      }
    }
    int unexpectedDead = 0;
    for (Map.Entry<String, Integer> e : deadLetters.entrySet()) {
      if (!expected.deadLetters().containsKey(e.getKey())) {
        unexpectedDead += e.getValue();
      }
    }
    int lost =
        expected.readings().size() - delivered + expected.deadLetters().size() - deadLettered;
    return new Audit(
        expected.published(),
        delivered,
        deadLettered,
        lost,
        dupAfterDedup,
        copies,
        unexpectedDead,
        List.copyOf(lostSample));
  }

  /** Readings of this scenario marked as backfill (header {@value Outbox#BACKFILL_HEADER}). */
  long backfilled() {
    return backfilled;
  }

  /**
   * Live (unmarked) readings written while the backlog drained: between the first and the last
   * backfilled record of their partition. Live readings written before the outage precede every
   * backfilled record and do not count, so a drain that holds live data back until the backlog is
   * empty gives 0.
   */
  long liveDuringDrain() {
    return liveWrittenDuringDrain().count();
  }

  /**
   * Backfilled readings per second of the drain: their count over the span of their Kafka
   * timestamps (the producer's send time, set when the forwarder sends them); 0 without a backfill.
   */
  double drainReadingsPerSecond() {
    if (backfilled < 2 || lastBackfillTimestamp <= firstBackfillTimestamp) {
      return 0;
    }
    return backfilled * 1_000.0 / (lastBackfillTimestamp - firstBackfillTimestamp);
  }

  /** Seconds between the first and the last backfilled reading's send; 0 without a backfill. */
  double drainSeconds() {
    return backfilled < 2 ? 0 : (lastBackfillTimestamp - firstBackfillTimestamp) / 1_000.0;
  }

  /**
   * The delay of live readings written during the drain (see {@link #liveDuringDrain()}): Kafka
   * timestamp minus the gateway's receive time ({@link Reading#receivedAt()}), in ms, at the given
   * quantile (nearest rank, e.g. 0.5, 0.99, 1.0); -1 when there were none.
   */
  long liveDelayDuringDrainMillis(double quantile) {
    long[] delays = liveWrittenDuringDrain().mapToLong(o -> o[2]).sorted().toArray();
    if (delays.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(quantile * delays.length);
    return delays[Math.max(0, Math.min(delays.length - 1, rank - 1))];
  }

  private Stream<long[]> liveWrittenDuringDrain() {
    return liveOffsets.stream()
        .filter(
            o ->
                o[1] > firstBackfillOffset.getOrDefault((int) o[0], Long.MAX_VALUE)
                    && o[1] < lastBackfillOffset.getOrDefault((int) o[0], -1L));
  }

  /** The hourly means of this scenario's distinct readings so far, as a clean run gives them. */
  HourlyOracle hourly() {
    return hourly;
  }

  /** This scenario's dead letters so far, in the order read. */
  List<DeadLetter> deadLetters() {
    return List.copyOf(deadLetterRecords);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
