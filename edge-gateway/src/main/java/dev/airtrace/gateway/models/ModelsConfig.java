package dev.airtrace.gateway.models;

import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.core.calibration.ChannelAgreement;
import dev.airtrace.inference.Accelerator;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.RepositoryConfig;
import dev.airtrace.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The gateway's PM2.5 correction, anomaly detection and how it runs models. Immutable; validated at
 * construction.
 *
 * @param calibration how PM2.5 is derived from PurpleAir channels (default {@link
 *     CalibrationMode#BARKJOHN_2022}; needs no model unless {@link CalibrationMode#MODEL})
 * @param channelAgreement the A/B agreement check applied before any correction (default 5 µg/m³
 *     and 70 %)
 * @param anomalyEnabled whether readings are scored by the anomaly detector (default off in the
 *     library; {@code airtrace gateway} turns it on)
 * @param anomaly the detector's thresholds and baselines ({@link AnomalyConfig#defaults()})
 * @param anomaliesTopic where anomaly events go (default {@link #ANOMALIES_V1})
 * @param modelsDirectory the model repository ({@code <dir>/<name>/<version>/model.json}), default
 *     {@code models/repository} relative to the working directory
 * @param anomalyModel the anomaly model's name in the repository (default {@value
 *     #DEFAULT_ANOMALY_MODEL})
 * @param calibrationModel the calibration model's name (default {@value
 *     #DEFAULT_CALIBRATION_MODEL})
 * @param rescanInterval how often the repository is checked for new versions (default 2 s; zero:
 *     never, versions change only on restart)
 * @param inference which backend runs the models ({@link InferenceConfig#defaults()}: {@link
 *     Accelerator#AUTO}, i.e. TensorRT → CUDA → CPU, GPU 0, not strict, so a requested accelerator
 *     this host lacks costs one WARN and the CPU; one intra-op thread, as suits an edge box)
 * @param maxModelBatchMessages the most queued MQTT messages the worker takes into one model batch
 *     (each model runs once per model batch), {@code 1..65536}, default {@value
 *     #DEFAULT_MAX_MODEL_BATCH_MESSAGES}
 * @param faultEvents which detector findings become events, and the neighbour comparison ({@link
 *     FaultEventConfig#defaults()}: rule and spatial findings, spatial consistency on)
 */
public record ModelsConfig(
    CalibrationMode calibration,
    ChannelAgreement channelAgreement,
    boolean anomalyEnabled,
    AnomalyConfig anomaly,
    String anomaliesTopic,
    Path modelsDirectory,
    String anomalyModel,
    String calibrationModel,
    Duration rescanInterval,
    InferenceConfig inference,
    int maxModelBatchMessages,
    FaultEventConfig faultEvents) {

  /** The anomaly events topic ({@link Topics#ANOMALIES}). */
  public static final String ANOMALIES_V1 = Topics.Names.ANOMALIES;

  /** The anomaly model's name in the repository. */
  public static final String DEFAULT_ANOMALY_MODEL = "anomaly-ae";

  /** The calibration model's name in the repository. */
  public static final String DEFAULT_CALIBRATION_MODEL = "pm25-calibration";

  /** Messages per model batch: enough readings under load to amortise each model run well. */
  public static final int DEFAULT_MAX_MODEL_BATCH_MESSAGES = 256;

  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  public ModelsConfig {
    Objects.requireNonNull(calibration, "calibration");
    Objects.requireNonNull(channelAgreement, "channelAgreement");
    Objects.requireNonNull(anomaly, "anomaly");
    Objects.requireNonNull(anomaliesTopic, "anomaliesTopic");
    Objects.requireNonNull(modelsDirectory, "modelsDirectory");
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(faultEvents, "faultEvents");
    if (!TOPIC.matcher(anomaliesTopic).matches()) {
      throw new IllegalArgumentException("not a legal Kafka topic name: " + anomaliesTopic);
    }
    for (String name : new String[] {anomalyModel, calibrationModel}) {
      if (name == null || !MODEL_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "model name must match " + MODEL_NAME.pattern() + " but was " + name);
      }
    }
    if (rescanInterval.isNegative()) {
      throw new IllegalArgumentException("rescanInterval must be >= 0 but was " + rescanInterval);
    }
    if (maxModelBatchMessages < 1 || maxModelBatchMessages > 65_536) {
      throw new IllegalArgumentException(
          "maxModelBatchMessages must be in 1..65536 but was " + maxModelBatchMessages);
    }
  }

  /** Barkjohn 2022 correction on, anomaly detection off, models from {@code models/repository}. */
  public static ModelsConfig defaults() {
    return new ModelsConfig(
        CalibrationMode.BARKJOHN_2022,
        ChannelAgreement.defaults(),
        false,
        AnomalyConfig.defaults(),
        ANOMALIES_V1,
        RepositoryConfig.DEFAULT_ROOT,
        DEFAULT_ANOMALY_MODEL,
        DEFAULT_CALIBRATION_MODEL,
        RepositoryConfig.DEFAULT_RESCAN_INTERVAL,
        InferenceConfig.defaults(),
        DEFAULT_MAX_MODEL_BATCH_MESSAGES,
        FaultEventConfig.defaults());
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** Whether any model must be loaded (anomaly detection on, or model calibration). */
  public boolean needsModels() {
    return anomalyEnabled || calibration == CalibrationMode.MODEL;
  }

  /** The models the repository must serve, in a fixed order. */
  public List<String> servedModels() {
    List<String> names = new ArrayList<>();
    if (anomalyEnabled) {
      names.add(anomalyModel);
    }
    if (calibration == CalibrationMode.MODEL) {
      names.add(calibrationModel);
    }
    return names;
  }

  /** The repository settings for {@link #servedModels()}. */
  public RepositoryConfig repository() {
    return new RepositoryConfig(
        modelsDirectory,
        servedModels(),
        Map.of(),
        rescanInterval,
        RepositoryConfig.DEFAULT_GOLDEN_TOLERANCE);
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link ModelsConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private CalibrationMode calibration;
    private ChannelAgreement channelAgreement;
    private boolean anomalyEnabled;
    private AnomalyConfig anomaly;
    private String anomaliesTopic;
    private Path modelsDirectory;
    private String anomalyModel;
    private String calibrationModel;
    private Duration rescanInterval;
    private InferenceConfig inference;
    private int maxModelBatchMessages;
    private FaultEventConfig faultEvents;

    private Builder(ModelsConfig from) {
      this.calibration = from.calibration;
      this.channelAgreement = from.channelAgreement;
      this.anomalyEnabled = from.anomalyEnabled;
      this.anomaly = from.anomaly;
      this.anomaliesTopic = from.anomaliesTopic;
      this.modelsDirectory = from.modelsDirectory;
      this.anomalyModel = from.anomalyModel;
      this.calibrationModel = from.calibrationModel;
      this.rescanInterval = from.rescanInterval;
      this.inference = from.inference;
      this.maxModelBatchMessages = from.maxModelBatchMessages;
      this.faultEvents = from.faultEvents;
    }

    /** See {@link ModelsConfig#faultEvents()}. */
    public Builder faultEvents(FaultEventConfig value) {
      this.faultEvents = value;
      return this;
    }

    /** See {@link ModelsConfig#calibration()}. */
    public Builder calibration(CalibrationMode value) {
      this.calibration = value;
      return this;
    }

    /** See {@link ModelsConfig#channelAgreement()}. */
    public Builder channelAgreement(ChannelAgreement value) {
      this.channelAgreement = value;
      return this;
    }

    /** See {@link ModelsConfig#anomalyEnabled()}. */
    public Builder anomalyEnabled(boolean value) {
      this.anomalyEnabled = value;
      return this;
    }

    /** See {@link ModelsConfig#anomaly()}. */
    public Builder anomaly(AnomalyConfig value) {
      this.anomaly = value;
      return this;
    }

    /** See {@link ModelsConfig#anomaliesTopic()}. */
    public Builder anomaliesTopic(String value) {
      this.anomaliesTopic = value;
      return this;
    }

    /** See {@link ModelsConfig#modelsDirectory()}. */
    public Builder modelsDirectory(Path value) {
      this.modelsDirectory = value;
      return this;
    }

    /** See {@link ModelsConfig#anomalyModel()}. */
    public Builder anomalyModel(String value) {
      this.anomalyModel = value;
      return this;
    }

    /** See {@link ModelsConfig#calibrationModel()}. */
    public Builder calibrationModel(String value) {
      this.calibrationModel = value;
      return this;
    }

    /** See {@link ModelsConfig#rescanInterval()}. */
    public Builder rescanInterval(Duration value) {
      this.rescanInterval = value;
      return this;
    }

    /** See {@link ModelsConfig#inference()}. */
    public Builder inference(InferenceConfig value) {
      this.inference = value;
      return this;
    }

    /** See {@link ModelsConfig#maxModelBatchMessages()}. */
    public Builder maxModelBatchMessages(int value) {
      this.maxModelBatchMessages = value;
      return this;
    }

    /** Reads models from {@code dir}, checking it for new versions every {@code interval}. */
    public Builder repository(Path dir, Duration interval) {
      this.modelsDirectory = dir;
      this.rescanInterval = interval;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ModelsConfig build() {
      return new ModelsConfig(
          calibration,
          channelAgreement,
          anomalyEnabled,
          anomaly,
          anomaliesTopic,
          modelsDirectory,
          anomalyModel,
          calibrationModel,
          rescanInterval,
          inference,
          maxModelBatchMessages,
          faultEvents);
    }
  }
}
