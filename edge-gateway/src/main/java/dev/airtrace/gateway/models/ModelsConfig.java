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
 * @param accelerator which backend to run models on (default {@link Accelerator#AUTO}: TensorRT →
 *     CUDA → CPU)
 * @param deviceId the GPU ordinal, {@code >= 0}
 * @param strict whether a requested accelerator this host lacks fails the start (default off: one
 *     WARN and the CPU)
 * @param maxBatchMessages the most queued MQTT messages the worker takes into one micro-batch (one
 *     model run each), {@code 1..65536}, default 256
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
    Accelerator accelerator,
    int deviceId,
    boolean strict,
    int maxBatchMessages) {

  /** The anomaly events topic ({@link Topics#ANOMALIES}). */
  public static final String ANOMALIES_V1 = Topics.Names.ANOMALIES;

  /** The anomaly model's name in the repository. */
  public static final String DEFAULT_ANOMALY_MODEL = "anomaly-ae";

  /** The calibration model's name in the repository. */
  public static final String DEFAULT_CALIBRATION_MODEL = "pm25-calibration";

  /** Messages per micro-batch: large enough to fill a model batch under load. */
  public static final int DEFAULT_MAX_BATCH_MESSAGES = 256;

  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  public ModelsConfig {
    Objects.requireNonNull(calibration, "calibration");
    Objects.requireNonNull(channelAgreement, "channelAgreement");
    Objects.requireNonNull(anomaly, "anomaly");
    Objects.requireNonNull(anomaliesTopic, "anomaliesTopic");
    Objects.requireNonNull(modelsDirectory, "modelsDirectory");
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    Objects.requireNonNull(accelerator, "accelerator");
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
    if (deviceId < 0) {
      throw new IllegalArgumentException("deviceId must be >= 0 but was " + deviceId);
    }
    if (maxBatchMessages < 1 || maxBatchMessages > 65_536) {
      throw new IllegalArgumentException(
          "maxBatchMessages must be in 1..65536 but was " + maxBatchMessages);
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
        Accelerator.AUTO,
        0,
        false,
        DEFAULT_MAX_BATCH_MESSAGES);
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

  /** The inference engine settings: one intra-op thread on an edge box. */
  public InferenceConfig inference() {
    return new InferenceConfig(
        accelerator, deviceId, strict, 1, InferenceConfig.DEFAULT_PLAN_CACHE);
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

  /** A copy with another calibration mode. */
  public ModelsConfig withCalibration(CalibrationMode mode) {
    return new ModelsConfig(
        mode,
        channelAgreement,
        anomalyEnabled,
        anomaly,
        anomaliesTopic,
        modelsDirectory,
        anomalyModel,
        calibrationModel,
        rescanInterval,
        accelerator,
        deviceId,
        strict,
        maxBatchMessages);
  }

  /** A copy with anomaly detection on or off, with {@code config}. */
  public ModelsConfig withAnomaly(boolean enabled, AnomalyConfig config) {
    return new ModelsConfig(
        calibration,
        channelAgreement,
        enabled,
        config,
        anomaliesTopic,
        modelsDirectory,
        anomalyModel,
        calibrationModel,
        rescanInterval,
        accelerator,
        deviceId,
        strict,
        maxBatchMessages);
  }

  /** A copy reading models from {@code dir}, rescanning every {@code interval}. */
  public ModelsConfig withRepository(Path dir, Duration interval) {
    return new ModelsConfig(
        calibration,
        channelAgreement,
        anomalyEnabled,
        anomaly,
        anomaliesTopic,
        dir,
        anomalyModel,
        calibrationModel,
        interval,
        accelerator,
        deviceId,
        strict,
        maxBatchMessages);
  }

  /** A copy with other inference settings. */
  public ModelsConfig withInference(Accelerator acc, int device, boolean isStrict) {
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
        acc,
        device,
        isStrict,
        maxBatchMessages);
  }

  /** A copy with other A/B agreement thresholds. */
  public ModelsConfig withChannelAgreement(ChannelAgreement agreement) {
    return new ModelsConfig(
        calibration,
        agreement,
        anomalyEnabled,
        anomaly,
        anomaliesTopic,
        modelsDirectory,
        anomalyModel,
        calibrationModel,
        rescanInterval,
        accelerator,
        deviceId,
        strict,
        maxBatchMessages);
  }

  /** A copy with another micro-batch bound. */
  public ModelsConfig withMaxBatchMessages(int messages) {
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
        accelerator,
        deviceId,
        strict,
        messages);
  }
}
