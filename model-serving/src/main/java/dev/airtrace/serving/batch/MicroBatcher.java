package dev.airtrace.serving.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dynamic micro-batcher: callers {@link #submit} inputs into one bounded queue; worker threads
 * take the oldest input and wait at most {@code maxDelay} (counted from when that input was queued)
 * for more, until the batch holds {@code maxBatch} rows, then hand the batch to the {@link
 * BatchRunner}. An input that would overflow the batch starts the worker's next batch instead.
 *
 * <p>Every submitted input is answered exactly once: with its prediction, with the error that
 * concerned it, or, after {@link #close()}, with a {@link QueueFullException} if it never ran.
 *
 * <p>Thread-safe: submit from any thread. Meters ({@code airtrace.serving.*}): batch size histogram
 * (rows), queue depth, queue wait, batch inference time and end-to-end latency timers, inferences
 * (rows) and batches counters.
 */
public final class MicroBatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);
  private static final Duration IDLE_CHECK = Duration.ofMillis(100);

  private final BatcherConfig config;
  private final BatchRunner runner;
  private final BlockingQueue<BatchSlot> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DistributionSummary batchRows;
  private final Timer queueWait;
  private final Timer batchTime;
  private final Timer latency;
  private final Counter inferences;
  private final Counter batches;

  /** Creates the batcher and starts its workers. */
  public MicroBatcher(BatcherConfig config, BatchRunner runner, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.batchRows =
        DistributionSummary.builder("airtrace.serving.batch.size")
            .description("rows per model run")
            .baseUnit("rows")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
            .register(registry);
    Gauge.builder("airtrace.serving.queue.depth", queue, BlockingQueue::size)
        .description("inputs waiting for a batch")
        .register(registry);
    this.queueWait = timer(registry, "airtrace.serving.queue.wait", "time from submit to batch");
    this.batchTime =
        timer(registry, "airtrace.serving.inference.time", "one batch: tensor, model run, split");
    this.latency =
        timer(registry, "airtrace.serving.latency", "time from submit to answer (queue+inference)");
    this.inferences =
        Counter.builder("airtrace.serving.inferences")
            .description("rows run through the model")
            .baseUnit("rows")
            .register(registry);
    this.batches =
        Counter.builder("airtrace.serving.batches").description("model runs").register(registry);
    for (int i = 0; i < config.workers(); i++) {
      Thread t = new Thread(this::work, "airtrace-batcher-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** The configuration this batcher runs with. */
  public BatcherConfig config() {
    return config;
  }

  /**
   * Queues an input without blocking.
   *
   * @return the input's prediction; failed with {@link QueueFullException} when the queue is at
   *     capacity or the batcher is closed
   */
  public CompletableFuture<Prediction> submit(BatchInput input) {
    BatchSlot slot = new BatchSlot(input, System.nanoTime());
    if (closed.get()) {
      slot.fail(new QueueFullException("the batcher is shutting down", true));
    } else if (!queue.offer(slot)) {
      slot.fail(
          new QueueFullException(
              "the queue is full (" + config.queueCapacity() + " waiting inputs)", false));
    }
    return observed(slot);
  }

  /**
   * Queues an input, waiting while the queue is full: back-pressure for a source that must not drop
   * input (the Kafka consumer).
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public CompletableFuture<Prediction> submitAwaiting(BatchInput input)
      throws InterruptedException {
    BatchSlot slot = new BatchSlot(input, System.nanoTime());
    while (true) {
      if (closed.get()) {
        slot.fail(new QueueFullException("the batcher is shutting down", true));
        return slot.future();
      }
      if (queue.offer(slot, IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
        return observed(slot);
      }
    }
  }

  private CompletableFuture<Prediction> observed(BatchSlot slot) {
    return slot.future()
        .whenComplete(
            (p, e) ->
                latency.record(System.nanoTime() - slot.enqueuedNanos(), TimeUnit.NANOSECONDS));
  }

  /** Inputs waiting for a batch now. */
  public int queueDepth() {
    return queue.size();
  }

  private void work() {
    BatchSlot carried = null;
    List<BatchSlot> batch = new ArrayList<>();
    long maxDelayNanos = config.maxDelay().toNanos();
    try {
      while (true) {
        BatchSlot first =
            carried != null ? carried : queue.poll(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        carried = null;
        if (first == null) {
          if (closed.get() && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch = new ArrayList<>();
        batch.add(first);
        int rows = first.input().rows();
        long deadline = first.enqueuedNanos() + maxDelayNanos;
        while (rows < config.maxBatch()) {
          BatchSlot next = queue.poll();
          if (next == null) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0 || closed.get()) {
              break; // on close, run what is there instead of waiting for a fuller batch
            }
            next = queue.poll(Math.min(wait, IDLE_CHECK.toNanos()), TimeUnit.NANOSECONDS);
            if (next == null) {
              continue;
            }
          }
          if (rows + next.input().rows() > config.maxBatch()) {
            carried = next;
            break;
          }
          batch.add(next);
          rows += next.input().rows();
        }
        List<BatchSlot> running = batch;
        batch = List.of();
        runBatch(running, rows);
      }
    } catch (InterruptedException e) {
      QueueFullException stopped = new QueueFullException("the batcher stopped", true);
      batch.forEach(s -> s.fail(stopped));
      if (carried != null) {
        carried.fail(stopped);
      }
      Thread.currentThread().interrupt();
    }
  }

  private void runBatch(List<BatchSlot> batch, int rows) {
    long start = System.nanoTime();
    for (BatchSlot s : batch) {
      queueWait.record(start - s.enqueuedNanos(), TimeUnit.NANOSECONDS);
    }
    try {
      runner.run(batch, config.maxBatch());
    } catch (RuntimeException | Error e) {
      LOG.warn("batch of {} rows failed: {}", rows, e.toString());
      for (BatchSlot s : batch) {
        s.fail(e);
      }
    }
    for (BatchSlot s : batch) {
      if (!s.done()) {
        s.fail(new IllegalStateException("the batch runner left this input unanswered"));
      }
    }
    batchTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    batchRows.record(rows);
    inferences.increment(rows);
    batches.increment();
  }

  /**
   * Stops accepting input, lets the workers run what is already queued (for at most {@code
   * drainTimeout}), then fails whatever is left.
   */
  public void close(Duration drainTimeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    for (Thread t : workers) {
      try {
        long left = deadline - System.nanoTime();
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.forEach(Thread::interrupt);
    BatchSlot left;
    while ((left = queue.poll()) != null) {
      left.fail(new QueueFullException("the batcher stopped before this input ran", true));
    }
  }

  /** {@link #close(Duration)} with a 10 s drain. */
  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
