package dev.airtrace.cli;

import dev.airtrace.anchoring.AnchoringConfig;
import dev.airtrace.anchoring.AnchoringRuntime;
import dev.airtrace.anchoring.epoch.EpochPolicy;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochState;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code airtrace anchor}: the anchoring service (epoch roots of gateway batches to an EVM chain).
 */
@Command(
    name = "anchor",
    mixinStandardHelpOptions = true,
    description = {
      "Run the anchoring service: collects gateway batch headers from"
          + " "
          + Topics.Names.BATCH_HEADERS
          + " into epochs and anchors each epoch's Merkle root with"
          + " one transaction to the RootAnchor contract, following it to finality (fee bumps,"
          + " reorgs and outages handled; state in "
          + Topics.Names.EPOCHS
          + ").",
      "See docs/anchoring.md; deploy the contract first (docs/anchoring.md, \"Operators: deploying the contract\")."
    })
final class AnchorCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Mixin MetricsOptions metricsOptions;

  @Option(
      names = "--rpc-url",
      required = true,
      description = "Ethereum JSON-RPC endpoint of the chain to anchor on.")
  String rpcUrl;

  @Option(
      names = "--contract",
      required = true,
      description = "Address of the deployed RootAnchor contract.")
  String contract;

  @Option(
      names = "--operator-key",
      required = true,
      description =
          "The operator's secp256k1 private key (hex). Pass it as AIRTRACE_OPERATOR_KEY, not on"
              + " the command line.")
  String operatorKey;

  @Option(
      names = "--epoch-age",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "Seal an epoch after this long (default: ${DEFAULT-VALUE}).")
  Duration epochAge;

  @Option(
      names = "--epoch-headers",
      defaultValue = "1024",
      description = "Seal an epoch at this many batch headers (default: ${DEFAULT-VALUE}).")
  int epochHeaders;

  @Option(
      names = "--status-interval",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How often to print epoch counts by state; 0s for never (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Override
  public Integer call() throws Exception {
    AnchoringConfig settings =
        AnchoringConfig.builder(kafka.bootstrap, rpcUrl, operatorKey, contract)
            .epochs(new EpochPolicy(epochAge, epochHeaders))
            .kafkaClient(kafka.clientProperties())
            .build();
    UntilStopped stop = new UntilStopped();
    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor();
    AtomicReference<AnchoringRuntime> running = new AtomicReference<>();
    try (MetricsEndpoint metrics =
            metricsOptions.startOrNull("anchor", () -> health(running.get()));
        AnchoringRuntime runtime =
            AnchoringRuntime.start(
                settings,
                Clock.systemUTC(),
                metrics == null ? new SimpleMeterRegistry() : metrics.registry())) {
      running.set(runtime);
      System.err.println(
          "airtrace anchor: operator " + runtime.operator() + ", contract " + contract);
      if (!statusInterval.isZero()) {
        long ms = statusInterval.toMillis();
        status.scheduleAtFixedRate(
            () ->
                System.err.println(
                    "anchor epochs "
                        + countByState(runtime)
                        + ", headers dead-lettered: undecodable "
                        + runtime.deadLettered(RejectReason.UNDECODABLE_RECORD)
                        + ", conflicting "
                        + runtime.deadLettered(RejectReason.CONFLICTING_BATCH_HEADER)),
            ms,
            ms,
            TimeUnit.MILLISECONDS);
      }
      stop.awaitOrFailure(Optional::empty);
    } finally {
      status.shutdownNow();
      stop.closed();
    }
    return 0;
  }

  /**
   * Up while the loop's rounds succeed; down while they fail (Kafka or the epoch store is
   * unreachable; the loop retries). Details: the backlog of headers not yet final, the newest final
   * epoch and the epochs per state.
   */
  static Health health(AnchoringRuntime runtime) {
    if (runtime == null) {
      return new Health(Health.Status.STARTING, Map.of());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backlogHeaders", runtime.backlog());
    details.put("lastFinalEpoch", runtime.lastFinalEpoch());
    details.put("failedRounds", runtime.failedRounds());
    countByState(runtime).forEach((state, n) -> details.put("epochs" + state.name(), n));
    return new Health(runtime.lastRoundFailed() ? Health.Status.DOWN : Health.Status.UP, details);
  }

  private static Map<EpochState, Long> countByState(AnchoringRuntime runtime) {
    Map<EpochState, Long> counts = new EnumMap<>(EpochState.class);
    for (EpochRecord r : runtime.epochs()) {
      counts.merge(r.state(), 1L, Long::sum);
    }
    return counts;
  }
}
