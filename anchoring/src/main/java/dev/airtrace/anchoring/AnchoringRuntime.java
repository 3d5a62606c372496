package dev.airtrace.anchoring;

import dev.airtrace.anchoring.chain.AnchorSigner;
import dev.airtrace.anchoring.chain.AnchoredEvent;
import dev.airtrace.anchoring.chain.ChainClient;
import dev.airtrace.anchoring.chain.Chains;
import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.kafka.KafkaEpochStore;
import dev.airtrace.anchoring.kafka.KafkaHeaderDeadLetters;
import dev.airtrace.anchoring.kafka.KafkaMerkleBatchHeaderSource;
import dev.airtrace.anchoring.proof.ProofAssembler;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochState;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.lifecycle.Closeables;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The anchoring service wired for production: web3j chain client and signer, Kafka epoch store and
 * header source, epoch builder, anchorer and the loop thread. What a CLI command or a pod's {@code
 * main} starts; {@link #close()} stops the loop and closes everything in reverse order.
 *
 * <p>Thread-safe: {@link #epochs()} and {@link #proofs()} may be called from any thread.
 */
public final class AnchoringRuntime implements AutoCloseable {
  private final ChainClient chain;
  private final KafkaEpochStore store;
  private final AnchoringLoop service;
  private final AnchorSigner signer;
  private final String contract;

  private AnchoringRuntime(
      ChainClient chain,
      KafkaEpochStore store,
      AnchoringLoop service,
      AnchorSigner signer,
      String contract) {
    this.chain = chain;
    this.store = store;
    this.service = service;
    this.signer = signer;
    this.contract = contract;
  }

  /** Name of the counter of dead-lettered batch headers, tagged {@code reason}. */
  public static final String DEAD_LETTER_METRIC = "airtrace.anchoring.headers.deadlettered";

  /** Name of the gauge of batch headers not yet in a final epoch. */
  public static final String BACKLOG_METRIC = "airtrace.anchoring.backlog.headers";

  /** Name of the gauge of the newest final epoch's seq (-1 before the first). */
  public static final String LAST_FINAL_EPOCH_METRIC = "airtrace.anchoring.last.final.epoch";

  /** Name of the gauge of epochs per state, tagged {@code state}. */
  public static final String EPOCHS_METRIC = "airtrace.anchoring.epochs";

  /** Name of the counter of failed loop rounds. */
  public static final String ROUND_FAILURES_METRIC = "airtrace.anchoring.round.failures";

  /** {@link #start(AnchoringConfig, Clock, MeterRegistry)} with Micrometer's global registry. */
  public static AnchoringRuntime start(AnchoringConfig config, Clock clock) {
    return start(config, clock, Metrics.globalRegistry);
  }

  /**
   * Loads the stored epochs and starts the loop. The chain is not contacted here, so the service
   * starts (and seals) while the node is down. The dead-letter counters ({@value
   * #DEAD_LETTER_METRIC}, tagged {@code reason}), the backlog, last final epoch, epochs per state
   * and failed rounds are registered in {@code registry}.
   */
  public static AnchoringRuntime start(
      AnchoringConfig config, Clock clock, MeterRegistry registry) {
    AnchorSigner signer = Chains.signer(config.operatorKeyHex());
    ChainClient chain = Chains.connect(config.rpcUrl(), config.rpcTimeout());
    KafkaEpochStore store = null;
    KafkaMerkleBatchHeaderSource source = null;
    KafkaHeaderDeadLetters deadLetters = null;
    try {
      store =
          KafkaEpochStore.open(
              config.bootstrapServers(), config.kafkaClient(), config.epochsTopic());
      Anchorer anchorer = new Anchorer(chain, signer, store, config.transactions(), clock);
      EpochBuilder builder = new EpochBuilder(config.epochs(), clock);
      deadLetters =
          KafkaHeaderDeadLetters.open(
              config.bootstrapServers(), config.kafkaClient(), config.deadLettersTopic());
      source =
          new KafkaMerkleBatchHeaderSource(
              config.bootstrapServers(),
              config.kafkaClient(),
              config.groupId(),
              config.headersTopic());
      AnchoringLoop service =
          new AnchoringLoop(source, builder, anchorer, config.pollInterval(), deadLetters, clock)
              .start();
      bindMetrics(service, registry);
      return new AnchoringRuntime(chain, store, service, signer, config.transactions().contract());
    } catch (RuntimeException e) {
      throw Closeables.closeOnFailure(e, source, deadLetters, store, chain);
    }
  }

  private static void bindMetrics(AnchoringLoop loop, MeterRegistry registry) {
    for (RejectReason reason :
        List.of(RejectReason.UNDECODABLE_RECORD, RejectReason.CONFLICTING_BATCH_HEADER)) {
      FunctionCounter.builder(DEAD_LETTER_METRIC, loop, l -> l.deadLettered(reason))
          .tag("reason", reason.name())
          .description("batch headers dead-lettered by the anchoring service, by reason")
          .register(registry);
    }
    Gauge.builder(BACKLOG_METRIC, loop, l -> backlog(l.openHeaders(), l.epochs()))
        .description("batch headers not yet in a final epoch (open epoch + sealed, not final)")
        .register(registry);
    Gauge.builder(LAST_FINAL_EPOCH_METRIC, loop, l -> lastFinalEpoch(l.epochs()))
        .description("seq of the newest final epoch, -1 before the first")
        .register(registry);
    for (EpochState state : EpochState.values()) {
      Gauge.builder(
              EPOCHS_METRIC, loop, l -> l.epochs().stream().filter(e -> e.state() == state).count())
          .tag("state", state.name())
          .description("epochs in memory per state (all non-final, the latest final ones)")
          .register(registry);
    }
    FunctionCounter.builder(ROUND_FAILURES_METRIC, loop, AnchoringLoop::failedRounds)
        .description("anchoring loop rounds that failed (store, broker or node outage)")
        .register(registry);
  }

  /** Headers received but not in a final epoch: {@code open} + leaves of non-final epochs. */
  static long backlog(int open, List<EpochRecord> epochs) {
    long sealed =
        epochs.stream()
            .filter(e -> e.state() != EpochState.FINAL)
            .mapToLong(EpochRecord::leafCount)
            .sum();
    return open + sealed;
  }

  /** The newest final epoch's seq, or -1 when none is final yet. */
  static long lastFinalEpoch(List<EpochRecord> epochs) {
    return epochs.stream()
        .filter(e -> e.state() == EpochState.FINAL)
        .mapToLong(EpochRecord::seq)
        .max()
        .orElse(-1);
  }

  /** Batch headers not yet in a final epoch ({@value #BACKLOG_METRIC}). */
  public long backlog() {
    return backlog(service.openHeaders(), service.epochs());
  }

  /** The newest final epoch's seq, or -1 ({@value #LAST_FINAL_EPOCH_METRIC}). */
  public long lastFinalEpoch() {
    return lastFinalEpoch(service.epochs());
  }

  /** Whether the loop's last round failed (it retries after the poll interval). */
  public boolean lastRoundFailed() {
    return service.lastRoundFailed();
  }

  /** Loop rounds that failed since start ({@value #ROUND_FAILURES_METRIC}). */
  public long failedRounds() {
    return service.failedRounds();
  }

  /** Headers dead-lettered so far with {@code reason}. */
  public long deadLettered(RejectReason reason) {
    return service.deadLettered(reason);
  }

  /** The operator address that signs the anchors (the {@code submitter} topic). */
  public String operator() {
    return signer.address();
  }

  /** Every epoch in memory, as of the loop's last iteration. */
  public List<EpochRecord> epochs() {
    return service.epochs();
  }

  /**
   * The epoch that sealed {@code header} (matched by its key {@code gatewayId:seq}) among the
   * epochs in memory (all non-final ones and the last {@value Anchorer#RETAINED_FINAL_EPOCHS} final
   * ones); older epochs are in the epochs topic.
   */
  public Optional<EpochRecord> epochOf(BatchHeader header) {
    String key = EpochBuilder.key(header);
    return service.epochs().stream()
        .filter(e -> e.leaves().stream().anyMatch(l -> l.key().equals(key)))
        .findFirst();
  }

  /** A proof assembler for this deployment; asks the node for its chain id. */
  public ProofAssembler proofs() {
    return new ProofAssembler(chain.chainId(), contract, signer.address(), AnchoredEvent.TOPIC0);
  }

  @Override
  public void close() {
    Closeables.closeAll(service, store, chain);
  }
}
