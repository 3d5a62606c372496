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
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.lifecycle.Closeables;
import io.micrometer.core.instrument.FunctionCounter;
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

  /** {@link #start(AnchoringConfig, Clock, MeterRegistry)} with Micrometer's global registry. */
  public static AnchoringRuntime start(AnchoringConfig config, Clock clock) {
    return start(config, clock, Metrics.globalRegistry);
  }

  /**
   * Loads the stored epochs and starts the loop. The chain is not contacted here, so the service
   * starts (and seals) while the node is down. The dead-letter counters ({@value
   * #DEAD_LETTER_METRIC}, tagged {@code reason}) are registered in {@code registry}.
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
