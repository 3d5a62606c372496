package dev.airtrace.gateway;

import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.lifecycle.Closeables;
import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import dev.airtrace.core.validation.ReadingValidator;
import dev.airtrace.core.validation.SequenceTracker;
import dev.airtrace.gateway.GatewayStatus.State;
import dev.airtrace.gateway.integrity.BatchCounterStore;
import dev.airtrace.gateway.integrity.BatchSeqStore;
import dev.airtrace.gateway.integrity.DeviceKeys;
import dev.airtrace.gateway.integrity.DeviceSignatureConfig;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.integrity.MerkleBatcher;
import dev.airtrace.gateway.integrity.OutboxBatchCounter;
import dev.airtrace.gateway.integrity.SequenceStateFile;
import dev.airtrace.gateway.integrity.SigningKeys;
import dev.airtrace.gateway.kafka.RecordSink;
import dev.airtrace.gateway.kafka.RecordSinks;
import dev.airtrace.gateway.models.EdgeModels;
import dev.airtrace.gateway.outbox.OutboxSink;
import dev.airtrace.gateway.outbox.rocksdb.RocksOutboxLogs;
import dev.airtrace.gateway.pipeline.DeviceSignatureCheck;
import dev.airtrace.gateway.pipeline.MessageAdmission;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttConnectionStatus;
import dev.airtrace.mqtt.MqttIntake;
import dev.airtrace.topics.BackfillField;
import dev.airtrace.topics.TopicRequest;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge gateway: MQTT in, Kafka out, nothing lost.
 *
 * <p>Data path: Paho's callback thread only enqueues into the intake's bounded queue; the gateway's
 * own worker thread parses the topic, decodes, validates, checks for duplicates, sends accepted
 * readings to the readings topic (key = device id), feeds the one-minute aggregator, and sends
 * every reject to the dead-letter topic. Each MQTT message is acknowledged to the broker only after
 * Kafka acknowledged every record it produced. Together with the persistent MQTT session this is
 * the durability guarantee: whatever was not acknowledged is redelivered after a crash or restart,
 * so nothing is lost; duplicates are possible and carry the same (device, sequence).
 *
 * <p>A Kafka failure (retries exhausted within the delivery timeout, or a fatal producer error)
 * stops the gateway: state {@link State#FAILED}, no further acknowledgements, MQTT disconnected so
 * that the broker keeps the unacknowledged messages for the next session. {@link #awaitTermination}
 * returns and {@link #failure()} tells why; the process should exit non-zero and be restarted by
 * its supervisor.
 *
 * <p>Threading: {@link #start()}, {@link #close()} and {@link #snapshot()} may be called from any
 * thread. Ownership: the creator must {@link #close()} it; closing releases the MQTT client and the
 * Kafka producer.
 */
public final class EdgeGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeGateway.class);

  /** How long create() waits for Kafka to confirm the batch-header topic. */
  private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(15);

  /** How long close() waits for the worker after interrupting it. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);

  /** How long close() lets the producer finish after a completed drain (nothing should remain). */
  private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final GatewayConfig config;
  private final MqttIntake intake;
  private final RecordSink sink;
  private final GatewayMetrics metrics;
  private final GatewayWorker worker;
  private final EdgeModels models;
  private final LoopRunner workerRunner;
  private final SequenceTracker sequences; // the worker's; read by close() after the worker ended
  private final SequenceStateFile sequenceState;
  private volatile State state = State.NEW;
  private volatile String lastError;
  private volatile String signingPublicKey; // set in the constructor
  private boolean closed; // guarded by this
  private boolean modelsClosed; // guarded by this

  private EdgeGateway(
      GatewayConfig config,
      MqttIntake intake,
      RecordSink sink,
      MeterRegistry registry,
      Clock clock,
      EdgeModels models) {
    this.config = config;
    this.intake = intake;
    this.sink = sink;
    this.models = models;
    this.metrics =
        new GatewayMetrics(
            registry,
            config.gatewayId(),
            intake::queueDepth,
            () -> intake.status().connected(),
            () -> intake.status().connectionLosses());
    metrics.bindModels(models);
    this.sequences = new SequenceTracker(config.sequenceWindowPerDevice(), config.counterReset());
    this.sequenceState =
        new SequenceStateFile(config.integrity().sequenceStateFile(config.gatewayId()));
    boolean persist = config.integrity().persistSequences();
    int fromFile = persist ? sequenceState.restoreInto(sequences) : 0;
    if (fromFile > 0) {
      LOG.info(
          "gateway {}: sequence tracking of {} devices restored from {}",
          config.gatewayId(),
          fromFile,
          sequenceState.file());
    }
    Map<String, byte[]> outboxState = sink instanceof OutboxSink o ? o.recoveredState() : Map.of();
    if (persist && sink instanceof OutboxSink) {
      // Per device, written with every pass in the same atomic write as the pass's records: it
      // matches what the outbox stored, also after a kill -9, and is never older than the file
      // (saved at the last clean stop), so it replaces the file's entry for that device.
      int fromOutbox = 0;
      for (Map.Entry<String, byte[]> e : outboxState.entrySet()) {
        if (e.getKey().startsWith(GatewayWorker.SEQUENCE_STATE)) {
          fromOutbox += sequences.restore(new String(e.getValue(), StandardCharsets.US_ASCII));
        }
      }
      if (fromOutbox > 0) {
        LOG.info(
            "gateway {}: sequence tracking of {} devices restored from the outbox",
            config.gatewayId(),
            fromOutbox);
      }
      sequences.exportChanged(); // nothing observed yet; start the per-pass changes empty
    }
    MessageAdmission admission =
        new MessageAdmission(
            config.gatewayId(),
            new SensorPayloadDecoder(config.payloadLimits()),
            new ReadingValidator(config.validation(), clock),
            sequences,
            clock,
            signatureCheck(config));
    // With the outbox the batch counter travels in each pass's atomic write (gap-free seqs);
    // without it, the counter file is forced ahead of every batch.
    OutboxBatchCounter batchCounter =
        config.integrity().enabled() && sink instanceof OutboxSink
            ? new OutboxBatchCounter(
                new BatchSeqStore(config.integrity().stateFile(config.gatewayId())), outboxState)
            : null;
    this.worker =
        new GatewayWorker(
            config,
            intake,
            sink,
            admission,
            metrics,
            clock,
            merkleBatcher(config, batchCounter),
            models,
            passState(persist ? sequences : null, batchCounter));
    this.workerRunner = LoopRunner.builder(new WorkerLoop()).build();
  }

  /**
   * What each pass stores in its atomic outbox write: the sequence tracking of the devices it
   * observed ({@code sequences}, may be {@code null}) and the batch counter if it opened a batch
   * ({@code counter}, may be {@code null}); {@code null} when neither is kept.
   */
  private static PassState passState(SequenceTracker sequences, OutboxBatchCounter counter) {
    if (sequences == null && counter == null) {
      return null;
    }
    return new PassState() {
      @Override
      public Map<String, byte[]> take() {
        Map<String, byte[]> seqs = sequences == null ? Map.of() : changedSequences(sequences);
        Map<String, byte[]> batch = counter == null ? Map.of() : counter.takeChanged();
        if (batch.isEmpty()) {
          return seqs;
        }
        if (seqs.isEmpty()) {
          return batch;
        }
        Map<String, byte[]> both = new HashMap<>(seqs);
        both.putAll(batch);
        return both;
      }

      @Override
      public void stored(Map<String, byte[]> taken) {
        if (counter != null) {
          counter.stored(taken);
        }
      }

      @Override
      public void afterRound() {
        if (counter != null) {
          counter.writeThrough();
        }
      }
    };
  }

  /** The outbox state entries for the devices a pass observed (worker thread). */
  private static Map<String, byte[]> changedSequences(SequenceTracker sequences) {
    Map<DeviceId, String> changed = sequences.exportChanged();
    Map<String, byte[]> entries = new HashMap<>(changed.size() * 2);
    changed.forEach(
        (device, text) ->
            entries.put(
                GatewayWorker.SEQUENCE_STATE + device.value(),
                text.getBytes(StandardCharsets.US_ASCII)));
    return entries;
  }

  private static DeviceSignatureCheck signatureCheck(GatewayConfig config) {
    DeviceSignatureConfig c = config.deviceSignatures();
    DeviceKeys keys = c.loadKeys();
    LOG.info(
        "gateway {}: device signatures {} ({} device keys provisioned{})",
        config.gatewayId(),
        c.policy(),
        keys.size(),
        c.deviceKeysFile() == null ? "" : " from " + c.deviceKeysFile());
    return new DeviceSignatureCheck(c.policy(), keys);
  }

  /**
   * The Merkle batcher, with the configured or a generated key, or {@code null} when integrity is
   * off.
   */
  private MerkleBatcher<InFlightMessage> merkleBatcher(
      GatewayConfig config, OutboxBatchCounter outboxCounter) {
    IntegrityConfig integrity = config.integrity();
    if (!integrity.enabled()) {
      LOG.info("gateway {}: integrity is off (no Merkle batches)", config.gatewayId());
      return null;
    }
    Path keyFile = integrity.signingKeyFile(config.gatewayId());
    SigningKeys keys =
        integrity.signingKeyFile() != null
            ? SigningKeys.load(keyFile)
            : SigningKeys.loadOrCreate(keyFile);
    signingPublicKey = keys.publicKey().map(Ed25519::publicKeyToBase64).orElse(null);
    LOG.info("gateway {}: signing key {}", config.gatewayId(), keyFile.toAbsolutePath());
    LOG.info(
        "gateway {}: batch headers to {} signed with Ed25519 public key (base64) {}; batches seal"
            + " at {} readings or {}; batch counter {}",
        config.gatewayId(),
        integrity.headersTopic(),
        keys.publicKeyBase64(),
        integrity.maxLeaves(),
        integrity.maxAge(),
        outboxCounter == null
            ? "in " + integrity.stateFile(config.gatewayId())
            : "in the outbox's pass writes (restored from the "
                + (outboxCounter.restoredFromOutbox() ? "outbox" : "file")
                + ": last opened "
                + (outboxCounter.lastOpened().isPresent()
                    ? Long.toString(outboxCounter.lastOpened().getAsLong())
                    : "none")
                + "), trailed by "
                + integrity.stateFile(config.gatewayId()));
    BatchCounterStore counter =
        outboxCounter != null
            ? outboxCounter
            : new BatchSeqStore(integrity.stateFile(config.gatewayId()));
    return new MerkleBatcher<>(config.gatewayId(), keys.privateKey(), integrity, counter);
  }

  /**
   * The base64 (32 raw bytes) Ed25519 public key that verifies this gateway's batch headers, as
   * logged at start; empty when integrity is off or the key could not be derived.
   */
  public Optional<String> signingPublicKey() {
    return Optional.ofNullable(signingPublicKey);
  }

  /**
   * A gateway on the real MQTT broker and Kafka cluster of {@code config}; not started.
   *
   * @param registry where the gateway's meters go (a {@code SimpleMeterRegistry} if you have none);
   *     meters are tagged with the gateway id, so two gateways with the same id must not share a
   *     registry (the second would report the first one's numbers)
   */
  public static EdgeGateway create(GatewayConfig config, MeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    if (config.integrity().enabled()) {
      // Operators may not have created the gateway's newest topic; without it every header send
      // would block and then fail the gateway.
      RecordSinks.ensureTopic(
              config.kafka(),
              TopicRequest.of(Topics.BATCH_HEADERS, config.integrity().headersTopic()),
              TOPIC_CHECK_TIMEOUT)
          .ifPresent(
              why ->
                  LOG.warn(
                      "cannot ensure batch-header topic {}: {}",
                      config.integrity().headersTopic(),
                      why));
    }
    if (config.models().anomalyEnabled()) {
      RecordSinks.ensureTopic(
              config.kafka(),
              TopicRequest.of(Topics.ANOMALIES, config.models().anomaliesTopic()),
              TOPIC_CHECK_TIMEOUT)
          .ifPresent(
              why ->
                  LOG.warn(
                      "cannot ensure anomalies topic {}: {}",
                      config.models().anomaliesTopic(),
                      why));
    }
    // Models first: a strict accelerator that is missing or a model that does not load fails the
    // start before any connection is made.
    EdgeModels models = EdgeModels.open(config.models(), config.gatewayId());
    MqttIntake intake = null;
    try {
      intake = MqttClients.intake(config.mqtt());
      RecordSink sink = sink(config, registry);
      return new EdgeGateway(config, intake, sink, registry, Clock.systemUTC(), models);
    } catch (RuntimeException e) {
      throw Closeables.closeOnFailure(e, intake, models);
    }
  }

  /**
   * The gateway's sink: the disk outbox in front of Kafka (default), or Kafka itself when the
   * outbox is off.
   */
  private static RecordSink sink(GatewayConfig config, MeterRegistry registry) {
    if (!config.outbox().enabled()) {
      LOG.info(
          "gateway {}: no outbox; MQTT messages are acknowledged after Kafka", config.gatewayId());
      return RecordSinks.kafka(config.kafka());
    }
    java.nio.file.Path dir = config.outboxDirectory();
    // The topics whose values carry the backfill field, as configured (names may be namespaced).
    Set<String> marked =
        Set.copyOf(
            List.of(
                config.topics().readings(),
                config.topics().aggregates(),
                config.models().anomaliesTopic()));
    try {
      OutboxSink outbox =
          OutboxSink.open(
              config.outbox(),
              config.gatewayId().value(),
              RocksOutboxLogs.open(dir),
              // Nothing waits for the forwarder's producer: it lingers longer for fuller batches.
              () -> RecordSinks.kafka(config.kafka().forForwarder()),
              (topic, value) -> marked.contains(topic) ? BackfillField.mark(value) : value,
              Clock.systemUTC(),
              registry,
              Tags.of("gateway", config.gatewayId().value()));
      LOG.info(
          "gateway {}: outbox {} (max {} MiB, max age {}, overflow {}, fsync {}, backfill {}"
              + " records/s); MQTT messages are acknowledged once their records are in it",
          config.gatewayId(),
          dir,
          config.outbox().maxBytes() >> 20,
          config.outbox().maxAge(),
          config.outbox().overflow(),
          config.outbox().fsync(),
          config.outbox().backfillRate());
      return outbox;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the gateway outbox at " + dir, e);
    }
  }

  /** A gateway on the given transports; for tests that substitute them. */
  static EdgeGateway create(
      GatewayConfig config,
      MeterRegistry registry,
      MqttIntake intake,
      RecordSink sink,
      Clock clock) {
    return create(
        config,
        registry,
        intake,
        sink,
        clock,
        EdgeModels.open(config.models(), config.gatewayId()));
  }

  /** A gateway on the given transports and models (which it closes); for tests. */
  static EdgeGateway create(
      GatewayConfig config,
      MeterRegistry registry,
      MqttIntake intake,
      RecordSink sink,
      Clock clock,
      EdgeModels models) {
    return new EdgeGateway(config, intake, sink, registry, clock, models);
  }

  /** Connects to MQTT (in the background, retrying) and starts the worker. Call once. */
  public synchronized void start() {
    if (state != State.NEW || closed) {
      throw new IllegalStateException("gateway " + config.gatewayId() + " is " + state);
    }
    state = State.RUNNING;
    intake.start();
    workerRunner.start();
    LOG.info(
        "gateway {} started: MQTT {} ({}), Kafka {} -> {}, {}, {}",
        config.gatewayId(),
        config.mqtt().endpoint().serverUri(),
        config.mqtt().subscriptionFilter(),
        config.kafka().bootstrapServers(),
        config.topics().readings(),
        config.topics().aggregates(),
        config.topics().deadLetters());
  }

  /** The current counters and state. */
  public GatewayStatus snapshot() {
    MqttConnectionStatus mqtt = intake.status();
    String error = lastError != null ? lastError : mqtt.connected() ? null : mqtt.lastError();
    return new GatewayStatus(
        state,
        mqtt.connected(),
        metrics.received.get(),
        metrics.accepted.get(),
        metrics.rejectedSnapshot(),
        metrics.duplicates.get(),
        metrics.gaps.get(),
        metrics.produced.get(),
        metrics.acked.get(),
        metrics.inFlight.get(),
        intake.queueDepth(),
        metrics.aggregatesEmitted.get(),
        metrics.lateForAggregates.get(),
        mqtt.connectionLosses(),
        error,
        models.backend().map(b -> b.token()).orElse(null),
        models.modelIds(),
        models.anomalies(),
        models.corrections(CorrectionStatus.APPLIED),
        notCorrected(),
        sink instanceof OutboxSink o ? o.status() : null);
  }

  private long notCorrected() {
    long n = 0;
    for (CorrectionStatus s : CorrectionStatus.values()) {
      if (!s.applied()) {
        n += models.corrections(s);
      }
    }
    return n;
  }

  /** The models the gateway runs (backend, versions, counters). */
  public EdgeModels models() {
    return models;
  }

  /** The configuration it runs with. */
  public GatewayConfig config() {
    return config;
  }

  /**
   * Waits until the worker has finished (after {@link #close()} or a fatal error).
   *
   * @return {@code true} if it finished within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    if (state == State.NEW) {
      return false;
    }
    return workerRunner.awaitTermination(timeout);
  }

  /** Why the gateway failed, if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(worker.fatalError());
  }

  /**
   * Drains and stops: stops taking messages from MQTT, finishes the queued and in-flight ones,
   * emits every open aggregate, flushes the producer, acknowledges what Kafka acknowledged, and
   * disconnects (the persistent session keeps anything unacknowledged). Gives up after the
   * configured shutdown timeout, leaving what is unfinished for redelivery. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (state == State.RUNNING) {
        state = State.DRAINING;
      }
    }
    boolean drained = true;
    if (workerRunner.isAlive()) {
      intake.pause();
      drained = workerRunner.stop(config.shutdownTimeout());
      if (!drained) {
        LOG.warn(
            "gateway {} did not drain within {}; abandoning in-flight messages for redelivery",
            config.gatewayId(),
            config.shutdownTimeout());
        workerRunner.interrupt();
        workerRunner.stop(INTERRUPT_GRACE);
      }
    }
    boolean clean = drained && worker.fatalError() == null;
    releaseTransports(clean);
    if (clean && !workerRunner.isAlive() && config.integrity().persistSequences()) {
      // Everything tracked is acknowledged or dead-lettered: safe to remember across the restart.
      saveSequences();
    }
    state = worker.fatalError() != null ? State.FAILED : State.STOPPED;
    LOG.info("gateway {} closed: {}", config.gatewayId(), snapshot().progressLine());
  }

  private void saveSequences() {
    try {
      sequenceState.save(sequences);
    } catch (UncheckedIOException e) {
      // Not fatal for this stop: the previous state stays, replays older than it are still caught.
      LOG.warn("gateway {}: {}", config.gatewayId(), e.getMessage(), e);
    }
  }

  /** Runs on the worker thread after the worker's loop ended. */
  private void afterWorker() {
    Throwable fatal = worker.fatalError();
    if (fatal != null) {
      lastError = "Kafka: " + fatal;
      state = State.FAILED;
      // Stop taking messages and let the broker keep the unacknowledged ones.
      intake.pause();
      releaseTransports(false);
    }
  }

  /** The worker's loop, followed on the same thread by {@link #afterWorker()}. */
  private final class WorkerLoop implements ServiceLoop {
    @Override
    public String roleName() {
      return worker.roleName();
    }

    @Override
    public int doWork() throws InterruptedException {
      return worker.doWork();
    }

    @Override
    public void onClose() {
      try {
        worker.onClose();
      } finally {
        afterWorker();
      }
    }
  }

  private synchronized void releaseTransports(boolean graceful) {
    intake.close();
    sink.close(graceful ? PRODUCER_CLOSE_TIMEOUT : Duration.ZERO);
    if (!workerRunner.isAlive() && !modelsClosed) {
      // Only once the worker is gone: it may be in the middle of a model run until then.
      modelsClosed = true;
      models.close();
    }
  }
}
