package dev.airtrace.serving.kafka;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.lifecycle.Closeables;
import dev.airtrace.core.lifecycle.IdleStrategy;
import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.serving.batching.ServingBatcher;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteFeaturesJson;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feature windows in, forecasts out: {@code consumers} threads, each with its own consumer in the
 * group, submit every record of a poll to the shared batcher (waiting while its queue is full),
 * write one forecast per window (or one dead letter per unusable record) through one idempotent
 * producer, wait for every acknowledgement, and only then commit the poll's offsets.
 *
 * <p>At least once: a crash between the acknowledgement and the commit re-serves the last poll
 * after restart, producing the same forecasts again (same key, issue time, model and values), which
 * consumers treat as an upsert by (site, issue time, model). When inference fails (no model loaded,
 * a native error) nothing is committed: the consumer seeks back to the poll's first offsets and
 * retries with a doubling back-off, so a window is never skipped.
 *
 * <p>Thread-safe lifecycle: {@link #start()} once, {@link #close()} from any thread. Each consumer
 * is a {@link ServiceLoop} on its own {@link LoopRunner}, idling in its 200 ms poll; {@link
 * #close()} wakes the polls, waits for each consumer's last poll to be answered and committed, then
 * closes the producer.
 */
public final class ForecastPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ForecastPipeline.class);
  private static final String APPLICATION = "model-serving";
  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * A revised feature window (revision 1 or later) whose issue time is older than this is not
   * forecast again: its forecast is for the past, and the first forecast of that issue time was
   * already served. Counted as outcome {@code revision-skipped}; its offset is committed.
   */
  public static final Duration REVISED_WINDOW_MAX_AGE = Duration.ofHours(2);

  /** How long close() waits for each consumer's last poll to be answered and committed. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** Longest wait at start for the forecast skill table's existing records. */
  public static final Duration TABLE_LOAD_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaPathConfig config;
  private final ServingBatcher batcher;
  private final KafkaProducer<String, byte[]> producer;
  private final List<Worker> workers = new ArrayList<>();
  private CorrectionTable corrections;
  private LoopRunner tableRunner;
  private final Counter forecasts;
  private final Counter deadLetters;
  private final Counter retries;
  private final Counter revisionsSkipped;
  private volatile boolean running = true;

  public ForecastPipeline(KafkaPathConfig config, ServingBatcher batcher, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.batcher = Objects.requireNonNull(batcher, "batcher");
    this.producer = new KafkaProducer<>(config.producerProperties(config.groupId() + "-producer"));
    this.forecasts =
        Counter.builder("airtrace.serving.kafka.records")
            .tag("outcome", "forecast")
            .description("feature records answered")
            .register(registry);
    this.deadLetters =
        Counter.builder("airtrace.serving.kafka.records")
            .tag("outcome", "deadletter")
            .description("feature records answered")
            .register(registry);
    this.revisionsSkipped =
        Counter.builder("airtrace.serving.kafka.records")
            .tag("outcome", "revision-skipped")
            .description("feature records answered")
            .register(registry);
    this.retries =
        Counter.builder("airtrace.serving.kafka.retries")
            .description("polls re-run after an inference failure")
            .register(registry);
    try {
      this.corrections =
          config.skillTopic().isPresent()
              ? CorrectionTable.reading(config, config.skillTopic().get(), registry)
              : new CorrectionTable(registry);
      this.tableRunner =
          config.skillTopic().isPresent()
              ? LoopRunner.builder(corrections)
                  .idle(IdleStrategy.park(CorrectionTable.POLL))
                  .closeTimeout(CLOSE_TIMEOUT)
                  .build()
              : null;
      for (int i = 0; i < config.consumers(); i++) {
        workers.add(new Worker(i));
      }
    } catch (RuntimeException e) {
      List<AutoCloseable> opened = new ArrayList<>();
      workers.forEach(w -> opened.add(w.consumer));
      if (tableRunner != null) {
        opened.add(tableRunner);
      }
      opened.add(producer);
      throw Closeables.closeOnFailure(e, opened.toArray(AutoCloseable[]::new));
    }
  }

  /**
   * Whether a feature window is a revision (a late reading changed one of its hours) of an issue
   * time older than {@link #REVISED_WINDOW_MAX_AGE} at {@code nowMs}: such windows are not forecast
   * again. First windows (revision 0) are always forecast, however old.
   */
  static boolean isPastRevision(SiteFeatures features, long nowMs) {
    return features.revision() > 0
        && features.issueTime() < nowMs - REVISED_WINDOW_MAX_AGE.toMillis();
  }

  /**
   * Starts the skill-table reader, waits up to {@link #TABLE_LOAD_TIMEOUT} for the corrections
   * present at start (so the first forecasts are already corrected), then the consumer threads.
   */
  public void start() {
    if (tableRunner != null) {
      tableRunner.start();
      try {
        if (!corrections.awaitLoaded(TABLE_LOAD_TIMEOUT)) {
          LOG.warn(
              "forecast skill table not loaded within {}: first forecasts may be uncorrected",
              TABLE_LOAD_TIMEOUT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.forEach(w -> w.runner.start());
  }

  /** The corrections this pipeline applies (empty when the skill topic is off). */
  public CorrectionTable corrections() {
    return corrections;
  }

  /** A failure that stopped a consumer thread (not a retried inference failure), if any. */
  public Optional<Throwable> failure() {
    if (tableRunner != null && tableRunner.failure().isPresent()) {
      return tableRunner.failure();
    }
    return workers.stream().flatMap(w -> w.runner.failure().stream()).findFirst();
  }

  @Override
  public void close() {
    running = false;
    for (Worker w : workers) {
      w.runner.requestStop();
      w.consumer.wakeup();
    }
    List<AutoCloseable> all = new ArrayList<>();
    workers.forEach(w -> all.add(w.runner));
    if (tableRunner != null) {
      tableRunner.requestStop();
      corrections.wakeup();
      all.add(tableRunner);
    }
    all.add(() -> producer.close(Duration.ofSeconds(10)));
    Closeables.closeAll(all);
  }

  /** One consumer: subscribes on its thread, answers poll after poll, closes its consumer. */
  private final class Worker implements ServiceLoop {
    private final String role;
    private final KafkaConsumer<String, byte[]> consumer;
    private final LoopRunner runner;
    private Duration backoff = config.retryBackoff();

    Worker(int index) {
      role = "airtrace-serving-consumer-" + index;
      consumer = new KafkaConsumer<>(config.consumerProperties(config.groupId() + "-" + index));
      runner = LoopRunner.builder(this).closeTimeout(CLOSE_TIMEOUT).build();
    }

    @Override
    public String roleName() {
      return role;
    }

    @Override
    public void onStart() {
      consumer.subscribe(List.of(config.featuresTopic()));
    }

    @Override
    public int doWork() throws InterruptedException {
      try {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          serve(records);
        }
        return records.count();
      } catch (WakeupException e) {
        if (running) {
          throw e; // nobody asked: a failure
        }
        return DONE;
      }
    }

    @Override
    public void onClose() {
      consumer.close();
    }

    /** Answers one poll; commits it only when every answer is acknowledged. */
    private void serve(ConsumerRecords<String, byte[]> records) throws InterruptedException {
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.count());
      List<Pending> pending = new ArrayList<>(records.count());
      for (ConsumerRecord<String, byte[]> r : records) {
        try {
          SiteFeatures features =
              SiteFeaturesJson.decode(r.value() == null ? new byte[0] : r.value());
          if (isPastRevision(features, System.currentTimeMillis())) {
            revisionsSkipped.increment();
            continue;
          }
          ForecastWindow w = ForecastWindow.of(features);
          pending.add(
              new Pending(
                  r, w, batcher.submitAwaiting(new FeatureInput(w, config.siteTimeZone()))));
        } catch (IllegalArgumentException e) {
          acks.add(deadLetter(r, RejectReason.UNDECODABLE_RECORD, e.getMessage(), r.key()));
        }
      }
      RuntimeException inferenceFailure = null;
      for (Pending p : pending) {
        try {
          Prediction prediction = p.result.get();
          Forecast f = Forecasts.of(p.window, prediction, corrections);
          acks.add(
              producer.send(
                  new ProducerRecord<>(
                      config.forecastsTopic(), f.siteId(), ForecastJson.encode(f))));
          forecasts.increment();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof InputRejectedException rejected) {
            acks.add(
                deadLetter(
                    p.record,
                    RejectReason.SCHEMA_VIOLATION,
                    rejected.getMessage(),
                    p.window.siteId()));
          } else if (inferenceFailure == null) {
            inferenceFailure = new IllegalStateException(e.getCause().toString(), e.getCause());
          }
        }
      }
      try {
        for (Future<RecordMetadata> ack : acks) {
          ack.get();
        }
      } catch (ExecutionException e) {
        inferenceFailure = new IllegalStateException("send failed: " + e.getCause(), e.getCause());
      }
      if (inferenceFailure != null) {
        retry(records, inferenceFailure);
        return;
      }
      backoff = config.retryBackoff();
      consumer.commitSync(nextOffsets(records));
    }

    private void retry(ConsumerRecords<String, byte[]> records, RuntimeException cause)
        throws InterruptedException {
      retries.increment();
      LOG.warn(
          "serving {} records failed, retrying the poll in {}: {}",
          records.count(),
          backoff,
          cause.getMessage());
      for (TopicPartition tp : records.partitions()) {
        consumer.seek(tp, records.records(tp).get(0).offset());
      }
      long until = System.nanoTime() + backoff.toNanos();
      while (running && System.nanoTime() < until) {
        // Keep the group membership alive while backing off.
        consumer.pause(consumer.assignment());
        consumer.poll(POLL);
      }
      consumer.resume(consumer.paused());
      Duration doubled = backoff.multipliedBy(2);
      backoff =
          doubled.compareTo(KafkaPathConfig.MAX_RETRY_BACKOFF) > 0
              ? KafkaPathConfig.MAX_RETRY_BACKOFF
              : doubled;
    }

    private Future<RecordMetadata> deadLetter(
        ConsumerRecord<String, byte[]> r, RejectReason reason, String detail, String key) {
      deadLetters.increment();
      DeadLetter d =
          new DeadLetter(
              reason,
              detail,
              DeadLetter.kafkaSource(r.topic(), r.partition(), r.offset()),
              r.value(),
              null,
              APPLICATION,
              System.currentTimeMillis());
      return producer.send(
          new ProducerRecord<>(config.deadLetterTopic(), key, DeadLetterJson.encode(d)));
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
      ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> rs = records.records(tp);
      offsets.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
    }
    return offsets;
  }

  private record Pending(
      ConsumerRecord<String, byte[]> record,
      ForecastWindow window,
      CompletableFuture<Prediction> result) {}
}
