package dev.airtrace.cli;

import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.processor.VerificationConfig;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code airtrace processor}: the Kafka Streams application (dedup, hourly site means, AQI, hourly
 * feature windows).
 */
@Command(
    name = "processor",
    mixinStandardHelpOptions = true,
    description = {
      "Run the stream processor: de-duplicates readings, computes hourly per-site means, the"
          + " EPA AQI with NowCast and the forecaster's hourly feature windows per site, exactly"
          + " once.",
      "Reads "
          + Topics.Names.READINGS
          + "; writes "
          + Topics.Names.SITE_HOURLY
          + ", "
          + Topics.Names.SITE_AQI
          + ", "
          + Topics.Names.SITE_FEATURES
          + " (unless --no-features) and "
          + Topics.Names.PROCESSOR_DEAD_LETTERS
          + "."
    })
final class ProcessorCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Mixin TopicOptions topicOptions;
  @Mixin CounterResetOptions counterReset;
  @Mixin MetricsOptions metricsOptions;

  @Option(
      names = "--application-id",
      defaultValue = ProcessorConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id (consumer group) (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--state-dir",
      defaultValue = "airtrace-state/processor",
      description = "Local state store directory (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--window-grace",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "Settle delay: an hour is first published once its site's event time has passed its"
              + " end by this much; later readings revise it (default: ${DEFAULT-VALUE}).")
  Duration windowGrace;

  @Option(
      names = "--late-horizon",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description =
          "How far behind its site's newest reading a reading may be and still revise its hour"
              + " (whole hours, up to 31d); older ones are dead-lettered (default:"
              + " ${DEFAULT-VALUE}).")
  Duration lateHorizon;

  @Option(
      names = "--revision-interval",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "How often hours changed by late readings are published again (default:"
              + " ${DEFAULT-VALUE}).")
  Duration revisionInterval;

  @Option(
      names = "--dedup-retention",
      converter = DurationConverter.class,
      description =
          "How long a (device, sequence) pair is remembered for de-duplication, at least the late"
              + " horizon + 1h (default: the late horizon + 1h).")
  Duration dedupRetention;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Stream threads in this instance (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--features",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Publish per-site hourly feature windows to "
              + Topics.Names.SITE_FEATURES
              + " (default: on; --no-features turns them off).")
  boolean features;

  @Option(
      names = "--quality-scores",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Publish per-sensor quality scores to "
              + Topics.Names.SENSOR_QUALITY
              + " (docs/quality.md; default: on; --no-quality-scores turns them off; the topic"
              + " must exist, which --create-topics ensures).")
  boolean qualityScores;

  @Option(
      names = "--feature-window-hours",
      defaultValue = "" + ProcessorConfig.DEFAULT_FEATURE_WINDOW_HOURS,
      description =
          "Closed hours per feature window, 1.."
              + ProcessorConfig.MAX_FEATURE_WINDOW_HOURS
              + " (default: ${DEFAULT-VALUE}).")
  int featureWindowHours;

  @Option(
      names = "--verify-forecasts",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Verify every forecast of "
              + Topics.Names.FORECASTS
              + " against the hourly means, publish "
              + Topics.Names.FORECAST_VERIFICATIONS
              + " and the rolling skill and online corrections on "
              + Topics.Names.FORECAST_SKILL
              + ", which serving applies (default: on; the topics are created with"
              + " --create-topics; --no-verify-forecasts turns it off;"
              + " docs/serving.md#verification).")
  boolean verifyForecasts;

  @Option(
      names = "--kafka-timeout",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "How long to wait at start for Kafka to answer (creating the topics), retrying with"
              + " backoff and one WARN line per attempt; 0 waits for ever (default:"
              + " ${DEFAULT-VALUE}).")
  Duration kafkaTimeout;

  /** The processor configuration these options describe. */
  ProcessorConfig config() {
    return ProcessorConfig.builder(kafka.bootstrap, stateDir)
        .applicationId(applicationId)
        .windowGrace(windowGrace)
        .lateHorizon(lateHorizon)
        .revisionInterval(revisionInterval)
        .dedupRetention(
            dedupRetention != null
                ? dedupRetention
                : lateHorizon.plus(ProcessorConfig.HOURLY_WINDOW))
        .counterReset(counterReset.rule())
        .numStreamThreads(threads)
        .features(features)
        .qualityScores(qualityScores)
        .featureWindowHours(featureWindowHours)
        .kafkaClient(kafka.clientProperties())
        .verification(VerificationConfig.builder().enabled(verifyForecasts).build())
        .build();
  }

  @Override
  public Integer call() throws Exception {
    ProcessorConfig config = config();
    List<Topic<?, ?>> created = contracts(config);
    if (kafkaTimeout.isNegative()) {
      throw new IllegalArgumentException("--kafka-timeout must not be negative: " + kafkaTimeout);
    }
    // Started before its broker (a host's boot order, a broker restart) the processor waits for
    // Kafka instead of exiting, as the gateway does; Kafka Streams then rides out later outages.
    TopicAdmin.createMissingWaiting(
        kafka, topicOptions, created.stream().map(Topic::request).toList(), kafkaTimeout);
    UntilStopped stop = new UntilStopped();
    try (StreamProcessorApp app = new StreamProcessorApp(config);
        MetricsEndpoint metrics =
            metricsOptions.startOrNull("processor", () -> ProcessorTelemetry.health(app))) {
      if (metrics != null) {
        ProcessorTelemetry.bind(app, metrics.registry());
      }
      app.start();
      Optional<Throwable> failure = stop.awaitOrFailure(app::failure);
      if (failure.isPresent()) {
        System.err.println("airtrace processor failed: " + failure.get());
        return 1;
      }
    } finally {
      stop.closed();
    }
    return 0;
  }

  /** The names of the topics the processor reads and writes. */
  static List<String> topics() {
    return contracts().stream().map(Topic::name).toList();
  }

  /**
   * The topics a processor with {@code config} reads and writes, created when missing: {@link
   * #contracts()} and, with the forecast verifier on, the forecasts topic it reads (which must
   * exist before Kafka Streams starts) and the two it writes.
   */
  static List<Topic<?, ?>> contracts(ProcessorConfig config) {
    List<Topic<?, ?>> topics = new java.util.ArrayList<>(contracts());
    if (config.verification().enabled()) {
      topics.addAll(
          List.of(Topics.FORECASTS, Topics.FORECAST_VERIFICATIONS, Topics.FORECAST_SKILL));
    }
    return List.copyOf(topics);
  }

  /** The topics every processor reads and writes, created when missing. */
  static List<Topic<?, ?>> contracts() {
    return List.of(
        Topics.READINGS,
        Topics.SITE_HOURLY,
        Topics.SITE_AQI,
        Topics.SITE_FEATURES,
        Topics.SENSOR_QUALITY,
        Topics.PROCESSOR_DEAD_LETTERS);
  }
}
