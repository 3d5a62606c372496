package dev.airtrace.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.testdata.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServingBatcherTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final ConcurrentLinkedQueue<List<Integer>> batches = new ConcurrentLinkedQueue<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ServingBatcher batcher;

  @AfterEach
  void close() {
    if (batcher != null) {
      batcher.close(Duration.ofSeconds(5));
    }
  }

  /** Input {@code id} contributing {@code rows} rows; the fake runner answers with the id. */
  record Numbered(int id, int rows) implements ServingBatchInput {
    Numbered(int id) {
      this(id, 1);
    }

    @Override
    public void write(ModelManifest model, FloatBuffer dst) {}
  }

  /** Answers every slot with its own id; {@code beforeAnswer} may fail slots first. */
  private ServingBatchRunner echo(Consumer<List<ServingBatchSlot>> beforeAnswer) {
    ModelManifest m = TestModels.fakeManifest(1, 1);
    return (slots, maxBatch) -> {
      List<Integer> ids = new ArrayList<>();
      slots.forEach(s -> ids.add(((Numbered) s.input()).id()));
      batches.add(ids);
      beforeAnswer.accept(slots);
      for (ServingBatchSlot s : slots) {
        Numbered n = (Numbered) s.input();
        s.complete(new Prediction(m, "fake", n.rows(), Map.of("y", new float[] {n.id()})));
      }
    };
  }

  private ServingBatchRunner echo() {
    return echo(slots -> {});
  }

  private static float answer(CompletableFuture<Prediction> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS).output("y")[0];
  }

  @Test
  void shouldRunAFullBatchAsSoonAsMaxBatchRowsAreQueued() throws Exception {
    batcher = new ServingBatcher(new ServingBatchConfig(4, LONG, 100, 1), echo(), registry);

    List<CompletableFuture<Prediction>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(batcher.submit(new Numbered(i)));
    }

    await()
        .atMost(TestModels.atMost(Duration.ofSeconds(5)))
        .until(() -> results.stream().allMatch(CompletableFuture::isDone));
    assertThat(batches).containsExactly(List.of(0, 1, 2, 3));
    assertThat(registry.get("airtrace.serving.batch.size").summary().max()).isEqualTo(4);
  }

  @Test
  void shouldRunAPartialBatchOnceTheOldestInputWaitedMaxDelay() throws Exception {
    Duration delay = Duration.ofMillis(200);
    batcher = new ServingBatcher(new ServingBatchConfig(32, delay, 100, 1), echo(), registry);

    long start = System.nanoTime();
    CompletableFuture<Prediction> a = batcher.submit(new Numbered(1));
    CompletableFuture<Prediction> b = batcher.submit(new Numbered(2));

    assertThat(answer(a)).isEqualTo(1f);
    assertThat(answer(b)).isEqualTo(2f);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(delay);
    assertThat(batches).containsExactly(List.of(1, 2));
  }

  @Test
  void shouldAnswerEveryInputWithItsOwnResultUnderConcurrentSubmitters() throws Exception {
    batcher =
        new ServingBatcher(
            new ServingBatchConfig(8, Duration.ofMillis(2), 10_000, 2), echo(), registry);
    int threads = 4;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<Prediction>> results = new ArrayList<>();
    try {
      List<CompletableFuture<List<CompletableFuture<Prediction>>>> submitters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        submitters.add(
            CompletableFuture.supplyAsync(
                () -> {
                  List<CompletableFuture<Prediction>> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    mine.add(batcher.submit(new Numbered(base + i)));
                  }
                  return mine;
                },
                pool));
      }
      for (var s : submitters) {
        results.addAll(s.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdown();
    }

    for (int i = 0; i < results.size(); i++) {
      assertThat(answer(results.get(i))).isEqualTo((float) i);
    }
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(threads * perThread);
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 8));
    assertThat(batches.stream().filter(b -> b.size() > 1)).isNotEmpty();
  }

  @Test
  void shouldFailOnlyTheInputThatTheRunnerRejects() throws Exception {
    batcher =
        new ServingBatcher(
            new ServingBatchConfig(3, LONG, 100, 1),
            echo(
                slots ->
                    slots.stream()
                        .filter(s -> ((Numbered) s.input()).id() == 2)
                        .forEach(s -> s.fail(new InputRejectedException("bad shape")))),
            registry);

    var one = batcher.submit(new Numbered(1));
    var two = batcher.submit(new Numbered(2));
    var three = batcher.submit(new Numbered(3));

    assertThat(answer(one)).isEqualTo(1f);
    assertThat(answer(three)).isEqualTo(3f);
    assertThat(two)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(InputRejectedException.class);
  }

  @Test
  void shouldFailEveryInputOfABatchWhoseRunThrowsAndKeepServing() throws Exception {
    CountDownLatch firstBatch = new CountDownLatch(1);
    batcher =
        new ServingBatcher(
            new ServingBatchConfig(2, LONG, 100, 1),
            echo(
                slots -> {
                  if (firstBatch.getCount() > 0) {
                    firstBatch.countDown();
                    throw new IllegalStateException("native error");
                  }
                }),
            registry);

    var a = batcher.submit(new Numbered(1));
    var b = batcher.submit(new Numbered(2));
    for (var f : List.of(a, b)) {
      assertThat(f)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(IllegalStateException.class)
          .withMessageContaining("native error");
    }
    var c = batcher.submit(new Numbered(3));
    var d = batcher.submit(new Numbered(4));

    assertThat(answer(c)).isEqualTo(3f);
    assertThat(answer(d)).isEqualTo(4f);
  }

  @Test
  void shouldFailAnInputTheRunnerLeavesUnanswered() {
    batcher =
        new ServingBatcher(new ServingBatchConfig(1, LONG, 100, 1), (slots, max) -> {}, registry);

    assertThat(batcher.submit(new Numbered(1)))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseInputsBeyondTheQueueCapacityWithoutLosingQueuedOnes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    batcher =
        new ServingBatcher(
            new ServingBatchConfig(1, Duration.ZERO, 2, 1),
            echo(
                slots -> {
                  try {
                    release.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }),
            registry);
    var running = batcher.submit(new Numbered(0));
    await().atMost(TestModels.atMost(Duration.ofSeconds(5))).until(() -> !batches.isEmpty());
    var queued1 = batcher.submit(new Numbered(1));
    var queued2 = batcher.submit(new Numbered(2));

    var refused = batcher.submit(new Numbered(3));

    assertThat(refused)
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.closed()).isFalse());
    assertThat(batcher.queueDepth()).isEqualTo(2);
    release.countDown();
    assertThat(answer(running)).isEqualTo(0f);
    assertThat(answer(queued1)).isEqualTo(1f);
    assertThat(answer(queued2)).isEqualTo(2f);
  }

  @Test
  void shouldRunAnInputLargerThanMaxBatchAloneAndStartTheNextBatchWithTheOverflow()
      throws Exception {
    batcher =
        new ServingBatcher(
            new ServingBatchConfig(4, Duration.ofMillis(300), 100, 1), echo(), registry);

    var small = batcher.submit(new Numbered(1, 3));
    var big = batcher.submit(new Numbered(2, 10));
    var after = batcher.submit(new Numbered(3, 1));

    assertThat(answer(small)).isEqualTo(1f);
    assertThat(answer(big)).isEqualTo(2f);
    assertThat(answer(after)).isEqualTo(3f);
    assertThat(batches).containsExactly(List.of(1), List.of(2), List.of(3));
  }

  @Test
  void shouldRunQueuedInputsOnCloseAndRefuseNewOnes() throws Exception {
    batcher = new ServingBatcher(new ServingBatchConfig(8, LONG, 100, 1), echo(), registry);
    var queued = batcher.submit(new Numbered(7));

    batcher.close(Duration.ofSeconds(5));

    assertThat(queued).isDone();
    assertThat(answer(queued)).isEqualTo(7f);
    assertThat(batcher.submit(new Numbered(8)))
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.closed()).isTrue());
  }
}
