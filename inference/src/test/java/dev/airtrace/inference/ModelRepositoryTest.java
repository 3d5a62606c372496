package dev.airtrace.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelRepositoryTest {
  private static InferenceEngine cpu;
  private static GoldenSet goldenV1;
  private static GoldenSet goldenV2;

  @TempDir Path tmp;
  private Fixtures.RepositoryBuilder repo;
  private RecordingEngine engine;
  private final Events events = new Events();

  @BeforeAll
  static void openEngine() {
    cpu = InferenceEngines.create(InferenceConfig.cpu());
    goldenV1 = GoldenSet.read(Fixtures.manifest(1));
    goldenV2 = GoldenSet.read(Fixtures.manifest(2));
  }

  @AfterAll
  static void closeEngine() {
    cpu.close();
  }

  @BeforeEach
  void setUp() {
    repo = Fixtures.repository(tmp.resolve("repository"));
    engine = new RecordingEngine(cpu);
  }

  private RepositoryConfig config() {
    return RepositoryConfig.builder(repo.root(), Fixtures.NAME)
        .rescanInterval(Duration.ZERO)
        .build();
  }

  @Test
  void shouldServeTheHighestVersionAtStartup() {
    repo.version(1, 1).version(2, 2);
    try (ModelRepository repository = ModelRepository.open(engine, config(), events)) {
      assertThat(repository.versions()).containsEntry(Fixtures.NAME, 2L);
      assertThat(events.changes)
          .singleElement()
          .satisfies(c -> assertThat(c.previous()).isEqualTo(OptionalLong.empty()));
      try (LiveModel.Lease lease = repository.model(Fixtures.NAME).acquire()) {
        assertThat(goldenV2.maxAbsDiff(lease.model().run(goldenV2.input(), goldenV2.batch())))
            .isLessThanOrEqualTo(1e-5);
      }
    }
    assertThat(engine.openVersions()).isEmpty();
  }

  @Test
  void shouldSwapInADroppedVersionOnReloadAndCloseTheOldOneAfterItsLastLease() {
    repo.version(1, 1);
    try (ModelRepository repository = ModelRepository.open(engine, config(), events)) {
      LiveModel live = repository.model(Fixtures.NAME);
      LiveModel.Lease inFlight = live.acquire();

      repo.version(2, 2);
      repository.reload();

      assertThat(live.current().version()).isEqualTo(2);
      assertThat(events.changes).hasSize(2);
      assertThat(events.changes.get(1).previous()).isEqualTo(OptionalLong.of(1));
      // the lease taken before the swap still runs version 1, and only then is it closed
      assertThat(inFlight.model().manifest().version()).isEqualTo(1);
      assertThat(goldenV1.maxAbsDiff(inFlight.model().run(goldenV1.input(), goldenV1.batch())))
          .isLessThanOrEqualTo(1e-5);
      assertThat(engine.openVersions()).containsExactlyInAnyOrder(1L, 2L);
      inFlight.close();
      assertThat(engine.openVersions()).containsExactly(2L);
    }
  }

  @Test
  void shouldPickUpADroppedVersionOnThePeriodicRescan() {
    repo.version(1, 1);
    RepositoryConfig periodic = config().toBuilder().rescanInterval(Duration.ofMillis(100)).build();
    try (ModelRepository repository = ModelRepository.open(engine, periodic, events)) {
      repo.version(2, 2);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> repository.model(Fixtures.NAME).current().version() == 2);
      assertThat(events.refusals).isEmpty();
    }
  }

  enum Breakage {
    GARBAGE_ONNX(Fixtures.RepositoryBuilder::garbageOnnx, "cannot load"),
    SHA_MISMATCH(Fixtures.RepositoryBuilder::shaMismatch, "sha256 mismatch"),
    FAILING_GOLDEN(Fixtures.RepositoryBuilder::failingGolden, "golden check failed");

    final BiConsumer<Fixtures.RepositoryBuilder, Integer> apply;
    final String reason;

    Breakage(BiConsumer<Fixtures.RepositoryBuilder, Integer> apply, String reason) {
      this.apply = apply;
      this.reason = reason;
    }
  }

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void shouldRefuseABrokenVersionOnceAndKeepServingTheOldOne(Breakage breakage) {
    repo.version(1, 1).version(2, 2);
    try (ModelRepository repository = ModelRepository.open(engine, config(), events)) {
      breakage.apply.accept(repo, 3);
      repository.reload();
      repository.reload(); // the same broken files are not retried (one ERROR, one event)

      assertThat(repository.versions()).containsEntry(Fixtures.NAME, 2L);
      assertThat(events.refusals)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.version()).isEqualTo(3);
                assertThat(r.file().toString()).contains(Path.of(Fixtures.NAME, "3").toString());
                assertThat(r.reason()).contains(breakage.reason);
              });
      try (LiveModel.Lease lease = repository.model(Fixtures.NAME).acquire()) {
        assertThat(goldenV2.maxAbsDiff(lease.model().run(goldenV2.input(), goldenV2.batch())))
            .isLessThanOrEqualTo(1e-5);
      }
      assertThat(engine.openVersions()).containsExactly(2L);
    }
  }

  @Test
  void shouldStartOnTheHighestLoadableVersionWhenTheNewestIsBroken() {
    repo.version(1, 1).shaMismatch(2);
    try (ModelRepository repository = ModelRepository.open(engine, config(), events)) {
      assertThat(repository.versions()).containsEntry(Fixtures.NAME, 1L);
      assertThat(events.refusals).extracting(r -> r.version()).containsExactly(2L);
    }
  }

  @Test
  void shouldFailToOpenWhenNoVersionLoads() {
    repo.failingGolden(1);
    assertThatThrownBy(() -> ModelRepository.open(engine, config()))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("no loadable version of model fixture-mlp")
        .hasMessageContaining("golden check failed");
    assertThat(engine.openVersions()).isEmpty();
  }

  @Test
  void shouldFailToOpenWhenTheModelDirectoryIsMissing() {
    assertThatThrownBy(() -> ModelRepository.open(engine, config()))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("no version of model fixture-mlp");
  }

  @Test
  void shouldStayOnThePinnedVersion() {
    repo.version(1, 1).version(2, 2);
    RepositoryConfig pinned = config().toBuilder().pin(Fixtures.NAME, 1).build();
    try (ModelRepository repository = ModelRepository.open(engine, pinned, events)) {
      repo.version(3, 2);
      repository.reload();
      assertThat(repository.versions()).containsEntry(Fixtures.NAME, 1L);
    }
  }

  @Test
  void shouldRefuseLeasesAfterCloseButLetOpenLeasesFinish() {
    repo.version(1, 1);
    ModelRepository repository = ModelRepository.open(engine, config());
    LiveModel live = repository.model(Fixtures.NAME);
    LiveModel.Lease lease = live.acquire();
    repository.close();

    assertThat(goldenV1.maxAbsDiff(lease.model().run(goldenV1.input(), goldenV1.batch())))
        .isLessThanOrEqualTo(1e-5);
    assertThatThrownBy(live::acquire).isInstanceOf(IllegalStateException.class);
    lease.close();
    assertThat(engine.openVersions()).isEmpty();
  }

  @Test
  @Timeout(120)
  void shouldNeverFailARunWhileVersionsAreSwappedUnderLoad() throws Exception {
    repo.version(1, 1);
    int swaps = 20;
    int runners = 3;
    AtomicLong runs = new AtomicLong();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(runners);
    try (ModelRepository repository = ModelRepository.open(engine, config())) {
      LiveModel live = repository.model(Fixtures.NAME);
      for (int i = 0; i < runners; i++) {
        pool.execute(
            () -> {
              while (!stop.get()) {
                try (LiveModel.Lease lease = live.acquire()) {
                  // odd versions carry fixture v1's weights, even ones v2's
                  GoldenSet golden =
                      lease.model().manifest().version() % 2 == 1 ? goldenV1 : goldenV2;
                  double diff =
                      golden.maxAbsDiff(lease.model().run(golden.input(), golden.batch()));
                  if (diff > 1e-5) {
                    throw new AssertionError(lease.model().manifest().id() + " off by " + diff);
                  }
                  runs.incrementAndGet();
                } catch (Throwable t) {
                  failures.add(t);
                }
              }
            });
      }
      for (int v = 2; v <= swaps + 1; v++) {
        long before = runs.get();
        repo.version(v, v % 2 == 1 ? 1 : 2);
        repository.reload();
        assertThat(live.current().version()).isEqualTo(v);
        // let the runners cross each swap with runs in flight
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= before + runners * 5);
      }
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      assertThat(failures).isEmpty();
      assertThat(runs.get()).isGreaterThan(swaps * runners * 5L);
      assertThat(engine.loaded).hasSize(swaps + 1);
      assertThat(engine.openVersions()).containsExactly((long) swaps + 1);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Records listener events. */
  static final class Events implements ModelRepositoryListener {
    final List<VersionChange> changes = new CopyOnWriteArrayList<>();
    final List<Refusal> refusals = new CopyOnWriteArrayList<>();

    @Override
    public void onVersionChange(VersionChange change) {
      changes.add(change);
    }

    @Override
    public void onRefused(Refusal refusal) {
      refusals.add(refusal);
    }
  }
}
