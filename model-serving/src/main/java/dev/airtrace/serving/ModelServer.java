package dev.airtrace.serving;

import dev.airtrace.core.lifecycle.Closeables;
import dev.airtrace.core.lifecycle.IdleStrategy;
import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.ServingBatchInput;
import dev.airtrace.serving.batching.ServingBatcher;
import dev.airtrace.serving.http.OipServer;
import dev.airtrace.serving.kafka.ForecastPipeline;
import dev.airtrace.serving.model.ModelRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
 * live model stays the caller's to close.
 */
public final class ModelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
  private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(60);

  private final ServingConfig config;
  private final LiveModel source;
  private final ServingBatcher batcher;
  private final LoopRunner warmer;
  private volatile boolean ready;
  private OipServer http;
  private ForecastPipeline kafka;

  private ModelServer(ServingConfig config, LiveModel source, MeterRegistry registry) {
    this.config = config;
    this.source = source;
    this.batcher = new ServingBatcher(config.batcher(), new ModelRunner(source), registry);
    this.warmer =
        LoopRunner.builder(new WarmUp())
            .idle(IdleStrategy.park(config.reloadInterval()))
            .daemon(true)
            .build();
    Gauge.builder("airtrace.serving.accelerator", () -> 1)
        .tag("backend", source.backend().backend().label())
        .tag("device", source.backend().token())
        .description("the backend running the model (value 1)")
        .register(registry);
    Gauge.builder("airtrace.serving.model.version", source, s -> s.current().version())
        .tag("model", source.name())
        .description("the version serving now (0: none)")
        .register(registry);
    Gauge.builder("airtrace.serving.ready", this, s -> s.ready ? 1 : 0)
        .description("1 once the warm-up batch ran")
        .register(registry);
  }

  /**
   * Starts serving: warms the live version up (retrying every reload interval until a warm-up batch
   * succeeds), binds the OIP endpoint, starts the Kafka consumers.
   *
   * @param metrics the Prometheus text served on {@code /metrics}, or {@code null}
   */
  public static ModelServer start(
      ServingConfig config, LiveModel source, MeterRegistry registry, Supplier<String> metrics) {
    ModelServer s =
        new ModelServer(
            Objects.requireNonNull(config, "config"),
            Objects.requireNonNull(source, "source"),
            Objects.requireNonNull(registry, "registry"));
    try {
      s.warmer.start();
      s.http =
          OipServer.start(
              config.http(),
              s.batcher,
              source,
              () -> s.ready,
              metrics,
              config.requestTimeout(),
              config.access());
      config
          .kafka()
          .ifPresent(
              k -> {
                s.kafka = new ForecastPipeline(k, s.batcher, registry);
                s.kafka.start();
              });
      LOG.info(
          "serving {} on {} (accelerator {}), OIP on port {}{}",
          source.name(),
          config.repository(),
          source.backend().token(),
          s.http.port(),
          config.kafka().map(k -> ", consuming " + k.featuresTopic()).orElse(""));
      return s;
    } catch (RuntimeException e) {
      throw Closeables.closeOnFailure(e, s);
    }
  }

  /**
   * Runs one warm-up batch on the live version, at once and then every reload interval until one
   * succeeds (none may be loaded yet); its thread ends once the server is ready.
   */
  private final class WarmUp implements ServiceLoop {
    @Override
    public String roleName() {
      return "airtrace-serving-warm-up";
    }

    @Override
    public int doWork() throws InterruptedException {
      if (ready) {
        return DONE;
      }
      int rows = config.batcher().maxBatch();
      try {
        var p =
            batcher
                .submit(new WarmUpInput(rows))
                .get(WARM_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ready = true;
        LOG.info("warmed up {} with {} rows on {}; ready", p.model().id(), rows, p.accelerator());
        return DONE;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        LOG.warn("warm-up failed, retrying in {}: {}", config.reloadInterval(), e.toString());
        return 0;
      }
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
    warmer.interrupt(); // abandons a warm-up batch in progress
    Closeables.closeAll(kafka, http, batcher);
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
