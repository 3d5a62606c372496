package dev.airtrace.serving;

import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.ServingBatchInput;
import dev.airtrace.serving.batching.ServingBatcher;
import dev.airtrace.serving.http.OipServer;
import dev.airtrace.serving.kafka.ForecastPipeline;
import dev.airtrace.serving.model.ModelRunner;
import dev.airtrace.serving.model.ModelSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving tier in one process: one {@link ServingBatcher} over the live model, fed by the OIP
 * endpoint and (when configured) the Kafka consumer group. Ready (OIP {@code /v2/health/ready})
 * only after a warm-up batch of {@code maxBatch} rows has run on the live version, because the
 * first native run and the first JSON binds are much slower than the rest.
 *
 * <p>Meters: {@code airtrace.serving.accelerator{backend,device}} = 1, {@code
 * airtrace.serving.model.version{model}}, {@code airtrace.serving.ready}, plus the batcher's and
 * the Kafka path's. Lifecycle: {@link #start} once, {@link #close()} from any thread; closes the
 * Kafka path first (so its last poll is answered and committed), then HTTP, then the batcher. The
 * model source stays the caller's to close.
 */
public final class ModelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
  private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(60);

  private final ServingConfig config;
  private final ModelSource source;
  private final ServingBatcher batcher;
  private final ScheduledExecutorService warmer;
  private volatile boolean ready;
  private OipServer http;
  private ForecastPipeline kafka;

  private ModelServer(ServingConfig config, ModelSource source, MeterRegistry registry) {
    this.config = config;
    this.source = source;
    this.batcher = new ServingBatcher(config.batcher(), new ModelRunner(source), registry);
    this.warmer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "airtrace-serving-warm-up");
              t.setDaemon(true);
              return t;
            });
    Gauge.builder("airtrace.serving.accelerator", () -> 1)
        .tag("backend", source.backend().backend().label())
        .tag("device", source.backend().token())
        .description("the backend running the model (value 1)")
        .register(registry);
    Gauge.builder(
            "airtrace.serving.model.version",
            source,
            s -> s.live().map(ModelManifest::version).orElse(0L))
        .tag("model", source.modelName())
        .description("the version serving now (0: none)")
        .register(registry);
    Gauge.builder("airtrace.serving.ready", this, s -> s.ready ? 1 : 0)
        .description("1 once the warm-up batch ran")
        .register(registry);
  }

  /**
   * Starts serving: warms the live version up (retrying every reload interval while none is
   * loaded), binds the OIP endpoint, starts the Kafka consumers.
   *
   * @param metrics the Prometheus text served on {@code /metrics}, or {@code null}
   */
  public static ModelServer start(
      ServingConfig config, ModelSource source, MeterRegistry registry, Supplier<String> metrics) {
    ModelServer s =
        new ModelServer(
            Objects.requireNonNull(config, "config"),
            Objects.requireNonNull(source, "source"),
            Objects.requireNonNull(registry, "registry"));
    try {
      s.warmer.scheduleWithFixedDelay(
          s::warmUpUntilReady, 0, config.reloadInterval().toMillis(), TimeUnit.MILLISECONDS);
      s.http =
          OipServer.start(
              config.http(), s.batcher, source, () -> s.ready, metrics, config.requestTimeout());
      config
          .kafka()
          .ifPresent(
              k -> {
                s.kafka = new ForecastPipeline(k, s.batcher, registry);
                s.kafka.start();
              });
      LOG.info(
          "serving {} on {} (accelerator {}), OIP on port {}{}",
          source.modelName(),
          config.repository(),
          source.backend().token(),
          s.http.port(),
          config.kafka().map(k -> ", consuming " + k.featuresTopic()).orElse(""));
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void warmUpUntilReady() {
    if (ready || source.live().isEmpty()) {
      return;
    }
    int rows = config.batcher().maxBatch();
    try {
      var p =
          batcher
              .submit(new WarmUpInput(rows))
              .get(WARM_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      ready = true;
      LOG.info("warmed up {} with {} rows on {}; ready", p.model().id(), rows, p.accelerator());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("warm-up failed, retrying in {}: {}", config.reloadInterval(), e.toString());
    }
  }

  /** Whether the warm-up batch has run. */
  public boolean ready() {
    return ready;
  }

  /** The port the OIP endpoint listens on. */
  public int httpPort() {
    return http.port();
  }

  /** The shared batcher (for in-process callers and benchmarks). */
  public ServingBatcher batcher() {
    return batcher;
  }

  /** A failure that stopped the Kafka path, if any. */
  public Optional<Throwable> failure() {
    return kafka == null ? Optional.empty() : kafka.failure();
  }

  @Override
  public void close() {
    warmer.shutdownNow();
    if (kafka != null) {
      kafka.close();
    }
    if (http != null) {
      http.close();
    }
    batcher.close();
  }

  /** {@code rows} rows of NaN (every hour missing): exercises the model's masking path too. */
  private record WarmUpInput(int rows) implements ServingBatchInput {
    @Override
    public void write(ModelManifest model, FloatBuffer dst) {
      for (int i = rows * model.input().rowSize(); i > 0; i--) {
        dst.put(Float.NaN);
      }
    }
  }
}
