package dev.airtrace.gateway;

import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.lifecycle.ServiceLoop;
import dev.airtrace.gateway.aggregate.MinuteAggregator;
import dev.airtrace.gateway.integrity.MerkleBatcher;
import dev.airtrace.gateway.kafka.RecordSink;
import dev.airtrace.gateway.models.EdgeModels;
import dev.airtrace.gateway.models.EdgeModels.ScoredReading;
import dev.airtrace.gateway.outbox.FaultPoints;
import dev.airtrace.gateway.pipeline.AdmissionVerdict;
import dev.airtrace.gateway.pipeline.MessageAdmission;
import dev.airtrace.gateway.quality.ReadingQc;
import dev.airtrace.mqtt.InboundMessage;
import dev.airtrace.mqtt.MqttIntake;
import dev.airtrace.topics.gateway.AcceptedReading;
import dev.airtrace.topics.gateway.AnomalyEvent;
import dev.airtrace.topics.gateway.DeviceAggregate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one worker: takes messages from the intake's queue, admits them, sends their
 * records, feeds the aggregator, and acknowledges messages to MQTT in arrival order once Kafka
 * acknowledged all their records. Only this thread touches the admission, the aggregator and the
 * acknowledgement queue; Kafka callbacks only count and mark messages complete.
 *
 * <p>Acknowledging in arrival order (MQTT requires PUBACKs in the order of the PUBLISHes) means one
 * slow record holds back later acknowledgements, never the other way round; the broker's receive
 * maximum bounds how many wait.
 *
 * <p>With integrity on, every accepted reading also joins the open Merkle batch, which seals when
 * it is full, old enough, or the gateway stops gracefully. When messages wait for the seal ({@link
 * dev.airtrace.gateway.integrity.AckAfterSeal}) a message is acknowledged only once the header of
 * its readings' batch is stored too, so a reading whose batch never sealed (crash, kill, Kafka
 * failure) was never acknowledged to MQTT: the broker redelivers it and the next gateway run puts
 * it into a new batch. How the batch seals then depends on the sink:
 *
 * <ul>
 *   <li><b>Seal per pass</b> (a sink that {@link RecordSink#appendsGroupsAtomically() appends
 *       groups atomically}, i.e. the disk outbox; the default there): the batch also seals at the
 *       end of every pass, and the pass's records (readings, dead letters, aggregates, anomaly
 *       events) and its header(s) go to the sink as one {@link RecordSink#sendGroup group}, one
 *       atomic write: either all of a pass is stored and then acknowledged, or none of it is and
 *       the broker redelivers it. No acknowledgement waits longer than its pass. A pass stays open
 *       for {@link dev.airtrace.gateway.integrity.IntegrityConfig#passWindow()} (taking in the
 *       messages that arrive meanwhile, round after round) or until it holds half the MQTT receive
 *       maximum of messages, so a busy gateway signs at most one header per window rather than one
 *       per handful of messages; a pass over several rounds is stored exactly as one pass over the
 *       same messages queued at once would be.
 *   <li><b>Straight to Kafka</b> ({@code AckAfterSeal.ALWAYS} without the outbox): the batch also
 *       seals when half the MQTT receive maximum of messages wait for it (so the broker never stops
 *       sending while a batch fills), and messages wait for Kafka to acknowledge the header.
 * </ul>
 *
 * Otherwise acknowledgements do not wait for the seal.
 *
 * <p>State across crashes: given a {@link PassState} and an atomic sink, every pass is one group
 * whose write also stores the pass's state as of its end: the sequence tracking of the devices the
 * pass observed ({@link #SEQUENCE_STATE}, replay protection) and the Merkle batch counter if the
 * pass opened a batch ({@code OutboxBatchCounter}, gap-free batch seqs), so after a {@code kill -9}
 * the gateway restores exactly the state that matches what it stored, never one that is behind or
 * ahead of it.
 *
 * <p>Model batches: the worker takes a message and every message already queued behind it (at most
 * {@code models.maxModelBatchMessages}), corrects PM2.5 and runs the anomaly detector once for all
 * their readings ({@link EdgeModels#apply}, which answers per message), then sends message by
 * message through the {@link GatewayOutput}, which owns topics and encoders. It never waits for a
 * model batch to fill, so a quiet gateway handles each message alone and a busy one amortises each
 * model run over many.
 *
 * <p>Lifecycle: a {@link ServiceLoop} run by the gateway's {@link
 * dev.airtrace.core.lifecycle.LoopRunner}; each round polls the intake with its own timeout ({@link
 * #BUSY_POLL} while acknowledgements are pending, else {@link #IDLE_POLL}), so the runner never
 * idles. A stop request ends the rounds and {@link #onClose()} drains; a Kafka failure ends them
 * with {@link #DONE}; an interrupt abandons what is in flight.
 */
final class GatewayWorker implements ServiceLoop {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayWorker.class);

  /** Poll timeout while records are in flight: the latency with which completions are acked. */
  static final Duration BUSY_POLL = Duration.ofMillis(1);

  /** Poll timeout when idle: how quickly a stop request or an idle flush is noticed. */
  static final Duration IDLE_POLL = Duration.ofMillis(100);

  /**
   * Prefix of the outbox state entries that hold the devices' sequence tracking: one entry per
   * device, {@code gateway.sequences/<deviceId>}, rewritten by every pass that observed it.
   */
  static final String SEQUENCE_STATE = "gateway.sequences/";

  /** How often idle devices' aggregates are checked for flushing. */
  static final Duration IDLE_FLUSH_CHECK = Duration.ofSeconds(1);

  private final GatewayConfig config;
  private final MqttIntake intake;
  private final GatewayOutput output;
  private final MessageAdmission admission;
  private final MinuteAggregator aggregator;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final MerkleBatcher<InFlightMessage> merkleBatcher; // null when integrity is off
  private final EdgeModels models;
  private final ReadingQc qc; // null when QC is off
  private final int maxModelBatchMessages;
  private final int maxHoldersPerMerkleBatch;
  private final boolean ackAfterSeal;
  private final boolean sealPerPass;
  private final PassState passState; // null: no per-pass state
  private final boolean grouped; // each pass is one atomic group
  private final long passWindowNanos; // 0: a pass ends with its model batch
  private boolean passOpen; // worker thread only: a group is collecting
  private long passOpenedNanos;
  private int passMessages;
  private final ArrayDeque<InFlightMessage> awaitingAck = new ArrayDeque<>();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private boolean finished; // worker thread only: drained, abandoned or failed
  private long nextIdleCheck;

  GatewayWorker(
      GatewayConfig config,
      MqttIntake intake,
      RecordSink sink,
      MessageAdmission admission,
      GatewayMetrics metrics,
      Clock clock,
      MerkleBatcher<InFlightMessage> merkleBatcher,
      EdgeModels models,
      PassState passState) {
    this.config = config;
    this.models = models;
    this.qc = config.quality().enabled() ? new ReadingQc(config.quality()) : null;
    this.maxModelBatchMessages = config.models().maxModelBatchMessages();
    this.merkleBatcher = merkleBatcher;
    this.maxHoldersPerMerkleBatch = Math.max(1, config.mqtt().receiveMaximum() / 2);
    boolean atomic = sink.appendsGroupsAtomically();
    this.ackAfterSeal =
        config.integrity().enabled() && config.integrity().ackAfterSeal().appliesTo(atomic);
    this.sealPerPass = ackAfterSeal && atomic;
    this.passState = atomic ? passState : null;
    this.grouped = sealPerPass || this.passState != null;
    // The window is about seals (one signature and header per pass); without them a pass ends
    // with its model batch as before. System.nanoTime, not the clock: tests freeze the clock.
    this.passWindowNanos = sealPerPass ? config.integrity().passWindow().toNanos() : 0;
    this.intake = intake;
    this.output =
        new GatewayOutput(config, sink, metrics, failure -> fatal.compareAndSet(null, failure));
    this.admission = admission;
    this.aggregator = new MinuteAggregator(config.gatewayId(), config.aggregation());
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The fatal error that stopped the worker, or {@code null}. */
  Throwable fatalError() {
    return fatal.get();
  }

  @Override
  public String roleName() {
    return "airtrace-gateway-" + config.gatewayId();
  }

  @Override
  public int doWork() throws InterruptedException {
    if (fatal.get() != null) {
      return DONE; // a Kafka callback failed; onClose reports it
    }
    try {
      return round() ? 1 : 0;
    } catch (RuntimeException e) {
      return failed(e);
    }
  }

  /**
   * Runs on the worker thread once the loop ends: after a stop request it finishes the queued
   * messages (the intake is paused, so the queue only shrinks) and drains; after an interrupt or a
   * failure it leaves the unacknowledged messages for redelivery.
   */
  @Override
  public void onClose() {
    if (finished) {
      return;
    }
    try {
      while (fatal.get() == null && !Thread.currentThread().isInterrupted() && round()) {
        // the queue still held messages
      }
      if (Thread.currentThread().isInterrupted()) {
        abandon("interrupted");
      } else if (fatal.get() != null) {
        finished = true;
        LOG.error(
            "Kafka failed fatally; gateway stops without acknowledging {} in-flight MQTT messages,"
                + " which the broker redelivers to the next session",
            awaitingAck.size(),
            fatal.get());
      } else {
        drain();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon("interrupted");
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /**
   * One round: takes the next message (waiting at most the poll timeout), processes it with every
   * message queued behind it, seals a due batch, acknowledges completed messages and flushes idle
   * aggregates.
   *
   * @return whether a message came
   */
  private boolean round() throws InterruptedException {
    InboundMessage message =
        intake.poll(awaitingAck.isEmpty() && !passOpen ? IDLE_POLL : BUSY_POLL);
    if (message != null) {
      processModelBatch(message);
    }
    if (passOpen && System.nanoTime() - passOpenedNanos >= passWindowNanos) {
      endPass();
    }
    sealDueMerkleBatch();
    acknowledgeCompleted();
    flushIdleAggregates();
    if (passState != null) {
      passState.afterRound();
    }
    return message != null;
  }

  private int failed(RuntimeException e) {
    // Kafka's InterruptException re-sets the interrupt flag: an interrupted flush or send
    // (close() gave up waiting) shows up here as a runtime exception on an interrupted thread.
    if (Thread.currentThread().isInterrupted()) {
      abandon("interrupted while writing to Kafka");
    } else {
      finished = true;
      fatal.compareAndSet(null, e);
      LOG.error(
          "gateway worker failed; {} in-flight MQTT messages stay unacknowledged for redelivery",
          awaitingAck.size(),
          e);
    }
    return DONE;
  }

  /**
   * Takes {@code first} and every message already queued behind it (up to the configured maximum;
   * it never waits for more, so a model batch adds no latency), admits them, corrects PM2.5 and
   * runs the anomaly detector once over all their readings, then sends each message's records in
   * arrival order. Readings the detector flags carry their marks and produce anomaly events; no
   * reading is held back or dropped because of a model.
   */
  private void processModelBatch(InboundMessage first) throws InterruptedException {
    List<InboundMessage> messages = new ArrayList<>();
    messages.add(first);
    InboundMessage next;
    while (messages.size() < maxModelBatchMessages && (next = intake.poll(Duration.ZERO)) != null) {
      messages.add(next);
    }
    List<AdmissionVerdict> verdicts = new ArrayList<>(messages.size());
    List<List<Reading>> accepted = new ArrayList<>(messages.size());
    for (InboundMessage message : messages) {
      metrics.received.incrementAndGet();
      AdmissionVerdict r =
          admission.admit(
              message.topic(),
              message.payload(),
              message.receivedAtMillis(),
              message.redelivered());
      verdicts.add(r);
      accepted.add(r.accepted());
    }
    List<List<ScoredReading>> scored = models.apply(accepted);
    if (grouped && !passOpen) {
      output.beginGroup();
      passOpen = true;
      passOpenedNanos = System.nanoTime();
      passMessages = 0;
    }
    for (int i = 0; i < messages.size(); i++) {
      process(messages.get(i), verdicts.get(i), scored.get(i));
      FaultPoints.reach(FaultPoints.GATEWAY_MID_PASS);
    }
    passMessages += messages.size();
    if (passOpen && (passWindowNanos == 0 || passMessages >= maxHoldersPerMerkleBatch)) {
      endPass();
    }
  }

  /**
   * Ends the open pass: seals its batch (when sealing per pass) and hands the pass's records and
   * header to the sink as one atomic append, with the devices' sequence state and the batch counter
   * as of its end; its messages are acknowledged only after it.
   */
  private void endPass() {
    passOpen = false;
    if (sealPerPass && merkleBatcher.isOpen()) {
      sealMerkleBatch();
    }
    if (passState == null) {
      output.endGroup();
    } else {
      Map<String, byte[]> state = passState.take();
      output.endGroup(state, () -> passState.stored(state));
    }
  }

  private void process(
      InboundMessage message, AdmissionVerdict verdict, List<ScoredReading> readings) {
    InFlightMessage inFlight = new InFlightMessage(message);
    awaitingAck.addLast(inFlight);
    metrics.inFlight.incrementAndGet();
    String key = verdict.key();
    long now = clock.millis();
    List<DeadLetter> failed = List.of();
    for (ScoredReading scored : readings) {
      Reading reading = scored.reading();
      byte[] encoded;
      try {
        BatchRef ref = null;
        if (merkleBatcher != null) {
          MerkleBatcher.AddedLeaf leaf = merkleBatcher.add(reading, inFlight, now);
          if (ackAfterSeal && leaf.newHolder()) {
            inFlight.recordSent(); // released when the batch header is acknowledged
          }
          ref = leaf.ref();
        }
        encoded =
            GatewayOutput.encode(
                new AcceptedReading(
                    reading, ref, scored.marks(), qc == null ? List.of() : qc.flag(reading)));
      } catch (RuntimeException e) {
        // One reading the integrity step or its encoder cannot handle (a bug: the decoder bounds
        // what the leaf carries) is that reading's dead letter, not the end of the gateway.
        if (failed.isEmpty()) {
          failed = new ArrayList<>(1);
        }
        failed.add(admission.internalError(message.topic(), message.payload(), reading, e));
        continue;
      }
      output.reading(key, encoded, inFlight);
      for (AnomalyEvent e : scored.events()) {
        output.anomaly(e, inFlight);
      }
      metrics.accepted.incrementAndGet();
      sendAggregates(aggregator.add(reading, now));
      if (merkleBatcher != null && merkleBatcher.isFull()) {
        sealMerkleBatch();
      }
    }
    for (DeadLetter deadLetter : verdict.deadLetters()) {
      deadLetter(key, deadLetter, inFlight);
    }
    for (DeadLetter deadLetter : failed) {
      deadLetter(key, deadLetter, inFlight);
    }
    inFlight.sealed();
    metrics.gaps.addAndGet(verdict.gapsDetected());
    metrics.lateForAggregates.set(aggregator.lateReadings());
    metrics.internalErrors.set(admission.internalErrors());
    metrics.counterResets.set(admission.counterResets());
  }

  private void deadLetter(String key, DeadLetter deadLetter, InFlightMessage inFlight) {
    output.deadLetter(key, deadLetter, inFlight);
    metrics.rejected.get(deadLetter.reason()).incrementAndGet();
    if (deadLetter.reason() == RejectReason.DUPLICATE) {
      metrics.duplicates.incrementAndGet();
    }
  }

  private void sendAggregates(List<DeviceAggregate> aggregates) {
    for (DeviceAggregate aggregate : aggregates) {
      output.aggregate(aggregate);
    }
  }

  private void sealDueMerkleBatch() {
    if (merkleBatcher != null
        && merkleBatcher.isOpen()
        && (merkleBatcher.isDue(clock.millis())
            || (ackAfterSeal && merkleBatcher.holderCount() >= maxHoldersPerMerkleBatch))) {
      sealMerkleBatch();
    }
  }

  /**
   * Seals the open batch and sends its signed header; the messages that waited for it complete when
   * Kafka acknowledges the header.
   */
  private void sealMerkleBatch() {
    MerkleBatcher.SealedBatch<InFlightMessage> sealed = merkleBatcher.seal();
    List<InFlightMessage> holders = sealed.holders();
    output.batchHeader(
        sealed.header(),
        () -> {
          if (ackAfterSeal) {
            holders.forEach(InFlightMessage::recordAcknowledged);
          }
        });
    metrics.merkleBatchesSealed.incrementAndGet();
    LOG.debug("sealed {}", sealed.header());
  }

  private void acknowledgeCompleted() {
    InFlightMessage head;
    while ((head = awaitingAck.peekFirst()) != null && head.isComplete()) {
      awaitingAck.pollFirst();
      metrics.inFlight.decrementAndGet();
      if (intake.acknowledge(head.message)) {
        metrics.acked.incrementAndGet();
        metrics.ackLatency.record(
            Math.max(0, clock.millis() - head.message.receivedAtMillis()), TimeUnit.MILLISECONDS);
      } else {
        metrics.ackSkipped.incrementAndGet();
      }
    }
  }

  private void flushIdleAggregates() {
    long now = clock.millis();
    if (now >= nextIdleCheck) {
      nextIdleCheck = now + IDLE_FLUSH_CHECK.toMillis();
      sendAggregates(aggregator.flushIdle(now));
    }
  }

  /** Stop requested and the queue is empty: flush aggregates and Kafka, acknowledge, finish. */
  private void drain() {
    finished = true;
    if (passOpen) {
      endPass();
    }
    if (merkleBatcher != null && merkleBatcher.isOpen()) {
      sealMerkleBatch();
    }
    sendAggregates(aggregator.flushAll());
    output.flush(); // returns when every callback has run
    if (fatal.get() == null) {
      acknowledgeCompleted();
      if (passState != null) {
        passState.afterRound();
      }
    }
    LOG.info(
        "gateway worker drained: {} messages acknowledged, {} left for redelivery",
        metrics.acked.get(),
        awaitingAck.size());
  }

  private void abandon(String why) {
    finished = true;
    LOG.warn(
        "gateway worker {}: {} processed but unacknowledged MQTT messages are left for"
            + " redelivery",
        why,
        awaitingAck.size());
  }
}
