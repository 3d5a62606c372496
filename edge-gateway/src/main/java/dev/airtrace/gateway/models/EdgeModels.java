package dev.airtrace.gateway.models;

import dev.airtrace.anomaly.AnomalyDetectors;
import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.calibration.BarkjohnMethod;
import dev.airtrace.core.lifecycle.Closeables;
import dev.airtrace.inference.BackendInfo;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.ModelRepository;
import dev.airtrace.inference.ModelRepositoryListener;
import dev.airtrace.topics.gateway.AnomalyEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything model-related one gateway runs: the PM2.5 correction and the anomaly detector, plus
 * (when a model is configured) the inference engine and the hot-reloading model repository they
 * lease from. Created once at start; the backend in use is logged then.
 *
 * <p>Per model batch (the readings of the messages the worker takes together, see {@link #apply})
 * the worker calls {@link #calibrate} then {@link #detect}; each runs its model at most once.
 * Neither drops a reading: a failed detector run is counted ({@link #detectorFailures()}) and
 * leaves the model batch unmarked, so readings always reach Kafka.
 *
 * <p>Threading: {@link #calibrate}, {@link #detect} and {@link #close} belong to the worker thread;
 * the counters and {@link #versions()} may be read from any thread (metrics, status); the
 * repository swaps versions on its own thread. Ownership: {@link #close()} closes the detector, the
 * repository and then the engine.
 */
public final class EdgeModels implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeModels.class);

  private final ModelsConfig config;
  private final ReadingCalibrator calibrator;
  private final AnomalyScorer scorer; // null when anomaly detection is off
  private final BackendInfo backend; // null when no model runs
  private final Map<String, LiveModel> live;
  private final AutoCloseable resources;
  private final Map<CorrectionStatus, AtomicLong> corrections =
      new EnumMap<>(CorrectionStatus.class);
  private final Map<String, AtomicLong> reloads = new ConcurrentHashMap<>();
  private final AtomicLong refusals = new AtomicLong();
  private final AtomicLong detectorRuns = new AtomicLong();
  private final AtomicLong detectorNanos = new AtomicLong();
  private final AtomicLong observations = new AtomicLong();
  private final AtomicLong detectorFailures = new AtomicLong();
  private final AtomicLong anomalies = new AtomicLong();

  private EdgeModels(
      ModelsConfig config,
      GatewayId gatewayId,
      Map<String, LiveModel> live,
      BackendInfo backend,
      AutoCloseable resources) {
    this.config = config;
    Map<String, LiveModel> served = new LinkedHashMap<>();
    for (String name : config.servedModels()) {
      served.put(name, require(live, name));
    }
    this.live = Collections.unmodifiableMap(served);
    this.backend = backend;
    this.resources = resources;
    for (CorrectionStatus s : CorrectionStatus.values()) {
      corrections.put(s, new AtomicLong());
    }
    config.servedModels().forEach(name -> reloads.put(name, new AtomicLong()));
    this.calibrator =
        switch (config.calibration()) {
          case OFF -> ReadingCalibrator.off();
          case BARKJOHN_2021 ->
              new BarkjohnCalibrator(BarkjohnMethod.US_2021, config.channelAgreement());
          case BARKJOHN_2022 ->
              new BarkjohnCalibrator(BarkjohnMethod.EXTENDED_2022, config.channelAgreement());
          case MODEL ->
              new ModelCalibrator(
                  require(live, config.calibrationModel()), config.channelAgreement());
        };
    this.scorer =
        config.anomalyEnabled()
            ? new AnomalyScorer(
                AnomalyDetectors.create(config.anomaly(), require(live, config.anomalyModel())),
                config.faultEvents(),
                gatewayId)
            : null;
  }

  private static LiveModel require(Map<String, LiveModel> live, String name) {
    return Objects.requireNonNull(live.get(name), () -> "model " + name + " is not served");
  }

  /**
   * Opens what {@code config} needs: nothing but the formulas when no model is configured;
   * otherwise the inference engine ({@link ModelsConfig#inference()}, logging the backend) and the
   * model repository ({@link ModelsConfig#repository()}).
   *
   * @throws dev.airtrace.inference.InferenceException when a strict accelerator is missing or a
   *     model has no loadable version
   */
  public static EdgeModels open(ModelsConfig config, GatewayId gatewayId) {
    if (!config.needsModels()) {
      LOG.info(
          "gateway {}: PM2.5 correction {}, anomaly detection off, no models loaded",
          gatewayId,
          config.calibration().label());
      return new EdgeModels(config, gatewayId, Map.of(), null, () -> {});
    }
    InferenceEngine engine = InferenceEngines.create(config.inference());
    ModelRepository repository = null;
    try {
      Holder holder = new Holder();
      repository = ModelRepository.open(engine, config.repository(), holder);
      Map<String, LiveModel> live = new LinkedHashMap<>();
      for (String name : config.servedModels()) {
        live.put(name, repository.model(name));
      }
      ModelRepository repo = repository;
      EdgeModels models =
          new EdgeModels(
              config,
              gatewayId,
              live,
              engine.backend(),
              () -> {
                repo.close();
                engine.close();
              });
      holder.target = models;
      LOG.info(
          "gateway {}: inference backend {} ({}); models {} from {} (rescanned every {});"
              + " PM2.5 correction {}, anomaly detection {}",
          gatewayId,
          engine.backend().token(),
          engine.backend().description(),
          repository.versions(),
          config.modelsDirectory().toAbsolutePath(),
          config.rescanInterval(),
          config.calibration().label(),
          config.anomalyEnabled() ? "on" : "off");
      return models;
    } catch (RuntimeException e) {
      throw Closeables.closeOnFailure(e, repository, engine);
    }
  }

  /**
   * An instance over models the caller provides and owns (tests, benchmarks): {@code live} must
   * hold every model {@link ModelsConfig#servedModels()} names.
   */
  public static EdgeModels of(
      ModelsConfig config, GatewayId gatewayId, Map<String, LiveModel> live, BackendInfo backend) {
    return new EdgeModels(config, gatewayId, live, backend, () -> {});
  }

  /** Counts version swaps and refusals; set after construction (the repository calls early). */
  private static final class Holder implements ModelRepositoryListener {
    volatile EdgeModels target;

    @Override
    public void onVersionChange(VersionChange change) {
      EdgeModels t = target;
      if (t != null && change.previous().isPresent()) {
        t.reloads.computeIfAbsent(change.name(), n -> new AtomicLong()).incrementAndGet();
        LOG.info(
            "model {} version {} replaces {}; later anomaly events and corrections name it",
            change.name(),
            change.current().version(),
            change.previous().getAsLong());
      }
    }

    @Override
    public void onRefused(Refusal refusal) {
      EdgeModels t = target;
      if (t != null) {
        t.refusals.incrementAndGet();
      }
    }
  }

  /** The configuration. */
  public ModelsConfig config() {
    return config;
  }

  /**
   * One reading after the models: PM2.5 corrected, with the events of its anomalous values.
   *
   * @param reading the corrected reading
   * @param events the events of its anomalous values, usually empty
   */
  public record ScoredReading(Reading reading, List<AnomalyEvent> events) {
    public ScoredReading {
      Objects.requireNonNull(reading, "reading");
      events = List.copyOf(events);
    }

    /** The marks the readings topic carries for the anomalous values. */
    public List<AnomalyMark> marks() {
      if (events.isEmpty()) {
        return List.of();
      }
      List<AnomalyMark> marks = new ArrayList<>(events.size());
      for (AnomalyEvent e : events) {
        marks.add(e.mark());
      }
      return marks;
    }
  }

  /**
   * Corrects and scores the readings of a model batch of messages, running each model once for all
   * of them ({@link #calibrate}, then {@link #detect}).
   *
   * @param perMessage each message's accepted readings, messages in arrival order
   * @return per message (same order) its readings corrected and scored, in payload order
   */
  public List<List<ScoredReading>> apply(List<List<Reading>> perMessage) {
    List<Reading> all = new ArrayList<>();
    for (List<Reading> readings : perMessage) {
      all.addAll(readings);
    }
    List<Reading> correctedAll = calibrate(all);
    Iterator<Reading> corrected = correctedAll.iterator();
    Iterator<List<AnomalyEvent>> events = detect(correctedAll).iterator();
    List<List<ScoredReading>> out = new ArrayList<>(perMessage.size());
    for (List<Reading> readings : perMessage) {
      List<ScoredReading> scored = new ArrayList<>(readings.size());
      for (int i = 0; i < readings.size(); i++) {
        scored.add(new ScoredReading(corrected.next(), events.next()));
      }
      out.add(scored);
    }
    return out;
  }

  /** Corrects the PM2.5 of a model batch (same size and order); never drops a reading. */
  public List<Reading> calibrate(List<Reading> readings) {
    if (readings.isEmpty()) {
      return readings;
    }
    return calibrator.correct(readings, (r, status) -> corrections.get(status).incrementAndGet());
  }

  /**
   * Runs the detector once over every value of the model batch.
   *
   * @return per reading (same order) the events of its anomalous values; all empty when detection
   *     is off or the detector failed (counted, logged)
   */
  public List<List<AnomalyEvent>> detect(List<Reading> readings) {
    if (scorer == null || readings.isEmpty()) {
      return none(readings.size());
    }
    long start = System.nanoTime();
    try {
      List<List<AnomalyEvent>> events = scorer.score(readings);
      detectorRuns.incrementAndGet();
      observations.addAndGet(AnomalyScorer.observations(readings));
      for (List<AnomalyEvent> e : events) {
        anomalies.addAndGet(e.size());
      }
      return events;
    } catch (RuntimeException e) {
      long n = detectorFailures.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn(
            "anomaly detector failed on {} readings ({} failures so far); they are delivered"
                + " unmarked",
            readings.size(),
            n,
            e);
      }
      return none(readings.size());
    } finally {
      detectorNanos.addAndGet(System.nanoTime() - start);
    }
  }

  private static List<List<AnomalyEvent>> none(int n) {
    List<List<AnomalyEvent>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(List.of());
    }
    return out;
  }

  /** The backend models run on, or empty when no model is configured. */
  public Optional<BackendInfo> backend() {
    return Optional.ofNullable(backend);
  }

  /** Model name → version serving now. */
  public Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    live.forEach((name, m) -> v.put(name, m.current().version()));
    return v;
  }

  /** {@code name@version} of every served model, e.g. {@code anomaly-ae@2}. */
  public List<String> modelIds() {
    List<String> ids = new ArrayList<>();
    live.values().forEach(m -> ids.add(m.current().id()));
    return ids;
  }

  /** Version swaps of {@code model} since start (not counting the startup load). */
  public long reloads(String model) {
    AtomicLong n = reloads.get(model);
    return n == null ? 0 : n.get();
  }

  /** Versions the repository refused since start. */
  public long refusals() {
    return refusals.get();
  }

  /** Corrections attempted with {@code status}. */
  public long corrections(CorrectionStatus status) {
    return corrections.get(status).get();
  }

  /** Successful detector runs (one per model batch with readings). */
  public long detectorRuns() {
    return detectorRuns.get();
  }

  /** Wall time spent in the detector, nanoseconds, failures included. */
  public long detectorNanos() {
    return detectorNanos.get();
  }

  /** Values the detector scored. */
  public long observations() {
    return observations.get();
  }

  /** Detector runs that failed (their readings went out unmarked). */
  public long detectorFailures() {
    return detectorFailures.get();
  }

  /**
   * Series whose detector state was released (idle longer than {@link
   * dev.airtrace.anomaly.AnomalyConfig#idleRelease()}, or beyond its {@code maxSeries}); each
   * re-learns from scratch if it reports again.
   */
  public long seriesReleased() {
    return scorer == null ? 0 : scorer.seriesReleased();
  }

  /** Events raised by the neighbour comparison (included in {@link #anomalies()}). */
  public long spatialEvents() {
    return scorer == null ? 0 : scorer.spatialEvents();
  }

  /**
   * {@code unusual} verdicts (the statistical likelihood alone) that raised no event because they
   * stayed below {@link FaultEventConfig#unusualMinLikelihood()}.
   */
  public long unusualWithheld() {
    return scorer == null ? 0 : scorer.unusualWithheld();
  }

  /** Anomalous values found. */
  public long anomalies() {
    return anomalies.get();
  }

  @Override
  public void close() {
    if (scorer != null) {
      scorer.close();
    }
    try {
      resources.close();
    } catch (Exception e) {
      LOG.warn("closing the model repository or engine failed", e);
    }
  }
}
