package dev.airtrace.serving.kafka;

import dev.airtrace.core.lifecycle.ServiceLoop;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.VerificationJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forecast skill table ({@code airtrace.processor.forecast-skill.v1}, compacted, key {@code
 * siteId/hours/model}) held in memory: the latest correction and fallback decision per site,
 * horizon and model, which {@link Forecasts} applies to every forecast.
 *
 * <p>As a {@link ServiceLoop} it reads the whole topic from the beginning with a group-less
 * consumer (every partition assigned, no commits) and then follows it; {@link #awaitLoaded} lets
 * the forecasters wait until the records present at start are in. A topic that does not exist yet
 * is looked for again every {@link #TOPIC_RECHECK} (nothing is created); until then forecasts are
 * the model's own. A record that does not decode is skipped and counted in {@code
 * airtrace_serving_skill_records_total{outcome="undecodable"}} (the verifier writes them, so this
 * is a bug to investigate, not input to dead-letter); a tombstone removes its key.
 *
 * <p>Thread-safety: {@link #lookup} may be called from any thread (a concurrent map of immutable
 * records); the loop methods run on the runner's thread.
 */
public final class CorrectionTable implements ServiceLoop {
  /** How often a missing skill topic is looked for again. */
  public static final Duration TOPIC_RECHECK = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(CorrectionTable.class);

  /** The poll timeout, and the runner's park after an empty round. */
  static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, ForecastSkill> table = new ConcurrentHashMap<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Counter applied;
  private final Counter undecodable;
  private final Counter unreachableChecks;
  private final Counter uncorrectedUnreachable;

  /** False while Kafka does not answer the table's look-ups (true with no topic behind it). */
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  private Map<TopicPartition, Long> endAtStart;
  private long nextTopicCheck;

  /** A table with no topic behind it (tests, and serving without Kafka corrections). */
  CorrectionTable(MeterRegistry registry) {
    this(null, null, registry);
  }

  CorrectionTable(String topic, KafkaConsumer<String, byte[]> consumer, MeterRegistry registry) {
    this.topic = topic;
    this.consumer = consumer;
    this.applied =
        Counter.builder("airtrace.serving.skill.records")
            .tag("outcome", "applied")
            .description("forecast skill records taken into the correction table")
            .register(registry);
    this.undecodable =
        Counter.builder("airtrace.serving.skill.records")
            .tag("outcome", "undecodable")
            .description("forecast skill records taken into the correction table")
            .register(registry);
    this.unreachableChecks =
        Counter.builder("airtrace.serving.skill.unreachable")
            .description("look-ups of the forecast skill topic that Kafka did not answer in time")
            .register(registry);
    this.uncorrectedUnreachable =
        Counter.builder("airtrace.serving.skill.lookups")
            .tag("outcome", "unreachable")
            .description("correction look-ups made while the skill topic was unreachable")
            .register(registry);
    if (consumer == null) {
      loaded.countDown();
    }
  }

  /** The table's reader of {@code topic} (it owns the consumer it creates). */
  static CorrectionTable reading(KafkaPathConfig config, String topic, MeterRegistry registry) {
    return new CorrectionTable(
        topic,
        new KafkaConsumer<>(config.tableReaderProperties(config.groupId() + "-skill-table")),
        registry);
  }

  /**
   * The latest skill record of a site, horizon and model, if the verifier published one. While the
   * skill topic is unreachable every lookup is counted in {@code
   * airtrace_serving_skill_lookups_total{outcome="unreachable"}}: those forecasts go out
   * uncorrected.
   */
  public Optional<ForecastSkill> lookup(String siteId, int hours, String model) {
    if (!reachable.get()) {
      uncorrectedUnreachable.increment();
    }
    return Optional.ofNullable(table.get(ForecastSkill.key(siteId, hours, model)));
  }

  /** Takes one skill record (or a tombstone, {@code value == null}) into the table. */
  void accept(String key, byte[] value) {
    if (value == null) {
      if (key != null) {
        table.remove(key);
      }
      return;
    }
    ForecastSkill s;
    try {
      s = VerificationJson.decodeSkill(value);
    } catch (IllegalArgumentException e) {
      undecodable.increment();
      LOG.warn("skipping an undecodable forecast skill record (key {}): {}", key, e.getMessage());
      return;
    }
    table.put(s.key(), s);
    applied.increment();
  }

  /**
   * Waits until the records present when the table started reading are in (or the topic was found
   * missing).
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String roleName() {
    return "airtrace-serving-skill-table";
  }

  @Override
  public void onStart() {
    assign();
  }

  private boolean assign() {
    try {
      return tryAssign();
    } finally {
      // Counted from the attempt's end: a look-up that timed out is not retried at once.
      nextTopicCheck = System.nanoTime() + TOPIC_RECHECK.toNanos();
    }
  }

  private boolean tryAssign() {
    List<PartitionInfo> partitions;
    Map<TopicPartition, Long> ends;
    try {
      // Bounded: a broker that does not answer at start must not hold serving (or take it
      // down); the table is looked for again after TOPIC_RECHECK.
      partitions = consumer.partitionsFor(topic, TOPIC_RECHECK);
      if (partitions == null || partitions.isEmpty()) {
        LOG.info("forecast skill topic {} not found yet: forecasts stay uncorrected", topic);
        loaded.countDown();
        return false;
      }
      ends =
          consumer.endOffsets(
              partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList(),
              TOPIC_RECHECK);
    } catch (TimeoutException e) {
      unreachable(e);
      return false;
    }
    List<TopicPartition> tps = List.copyOf(ends.keySet());
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
    endAtStart = ends;
    if (reachable.compareAndSet(false, true)) {
      LOG.info("forecast skill topic {} reachable: forecasts are corrected again", topic);
    }
    return true;
  }

  /** Kafka did not answer: forecasts go out uncorrected (counted) until it does. */
  private void unreachable(TimeoutException e) {
    unreachableChecks.increment();
    if (reachable.compareAndSet(true, false) || loaded.getCount() > 0) {
      LOG.warn(
          "forecast skill topic {} unreachable ({}): forecasts stay uncorrected, retrying every {}",
          topic,
          e.getMessage(),
          TOPIC_RECHECK);
    }
    loaded.countDown();
  }

  @Override
  public int doWork() {
    try {
      if (consumer.assignment().isEmpty()) {
        if (System.nanoTime() < nextTopicCheck || !assign()) {
          return 0; // the runner parks before the next round
        }
      }
      ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
      for (ConsumerRecord<String, byte[]> r : records) {
        accept(r.key(), r.value());
      }
      if (loaded.getCount() > 0 && caughtUp()) {
        LOG.info("forecast skill table loaded: {} site/horizon/model entries", table.size());
        loaded.countDown();
      }
      return records.count();
    } catch (WakeupException e) {
      return DONE;
    } catch (TimeoutException e) {
      // Offsets could not be looked up: keep what the table holds and try again next round.
      unreachable(e);
      return 0;
    }
  }

  private boolean caughtUp() {
    for (Map.Entry<TopicPartition, Long> e : endAtStart.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Interrupts a blocking poll so that the loop can end. */
  void wakeup() {
    if (consumer != null) {
      consumer.wakeup();
    }
  }

  @Override
  public void onClose() {
    consumer.close();
  }
}
