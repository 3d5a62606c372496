package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.inference.BackendInfo;
import dev.airtrace.inference.InferenceException;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WindowedDetectorTest {
  /** Short baselines so the synthetic series exercise every stage within a few hundred points. */
  private static final AnomalyConfig CONFIG =
      new AnomalyConfig(
          100,
          300,
          5,
          1.0,
          32,
          400,
          4,
          5,
          0.02,
          0.5,
          50,
          64,
          1000,
          FaultRuleConfig.off(),
          AnomalyConfig.DEFAULT_IDLE_RELEASE);

  private static List<AnomalyVerdict> runOneByOne(
      StreamingAnomalyDetector d, List<Observation> observations) {
    List<AnomalyVerdict> out = new ArrayList<>();
    for (Observation o : observations) {
      out.addAll(d.observe(List.of(o)));
    }
    return out;
  }

  private static StreamingAnomalyDetector detector(PersistenceWindowModel model) {
    return AnomalyDetectors.create(CONFIG, LiveModel.fixed(model));
  }

  /** A live model that leases whatever {@code current} holds, like a hot reload. */
  private static LiveModel switching(AtomicReference<Model> current) {
    return new LiveModel() {
      @Override
      public String name() {
        return current.get().manifest().name();
      }

      @Override
      public ModelManifest current() {
        return current.get().manifest();
      }

      @Override
      public BackendInfo backend() {
        return current.get().backend();
      }

      @Override
      public Lease acquire() {
        return LiveModel.fixed(current.get()).acquire();
      }
    };
  }

  @Test
  void shouldReturnOneVerdictPerObservationInBatchOrder() {
    List<Observation> a = Series.of("a").length(3).build();
    List<Observation> b = Series.of("b").length(3).build();
    List<Observation> batch = List.of(a.get(0), b.get(0), a.get(1), b.get(1), a.get(2));
    List<AnomalyVerdict> verdicts = detector(new PersistenceWindowModel()).observe(batch);
    assertThat(verdicts).hasSize(5);
    for (int i = 0; i < batch.size(); i++) {
      assertThat(verdicts.get(i).key()).isEqualTo(batch.get(i).key());
      assertThat(verdicts.get(i).eventTimeMillis()).isEqualTo(batch.get(i).eventTimeMillis());
    }
  }

  @Test
  void shouldNotChangeEarlierVerdictsWhenFutureObservationsAreAppended() {
    List<Observation> full = Series.of("a").length(700).spike(500, 40).build();
    List<AnomalyVerdict> prefix =
        runOneByOne(detector(new PersistenceWindowModel()), full.subList(0, 450));
    List<AnomalyVerdict> whole = runOneByOne(detector(new PersistenceWindowModel()), full);
    assertThat(whole.subList(0, 450)).isEqualTo(prefix);
  }

  @Test
  void shouldGiveSameVerdictsWhenSeriesAreBatchedOrFedOneByOne() {
    List<List<Observation>> series = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      series.add(
          Series.of("d" + s).seed(s).level(10 + s).length(400 + 20 * s).spike(350, 30).build());
    }
    PersistenceWindowModel batchedModel = new PersistenceWindowModel();
    StreamingAnomalyDetector batched = detector(batchedModel);
    List<List<AnomalyVerdict>> batchedVerdicts = new ArrayList<>();
    series.forEach(s -> batchedVerdicts.add(new ArrayList<>()));
    for (int k = 0; k < 500; k++) {
      List<Observation> batch = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      for (int s = 0; s < series.size(); s++) {
        if (k < series.get(s).size()) {
          batch.add(series.get(s).get(k));
          owners.add(s);
        }
      }
      List<AnomalyVerdict> v = batched.observe(batch);
      for (int i = 0; i < v.size(); i++) {
        batchedVerdicts.get(owners.get(i)).add(v.get(i));
      }
    }
    for (int s = 0; s < series.size(); s++) {
      List<AnomalyVerdict> alone =
          runOneByOne(detector(new PersistenceWindowModel()), series.get(s));
      assertThat(batchedVerdicts.get(s)).isEqualTo(alone);
    }
    // one model run per call once windows are full: 500 calls, far fewer runs than rows scored
    assertThat(batchedModel.runs).isLessThanOrEqualTo(500);
    assertThat(batchedModel.rowsScored).isGreaterThan(4 * batchedModel.runs);
  }

  @Test
  void shouldProcessRepeatedSeriesInOneBatchLikeSeparateCalls() {
    List<Observation> s = Series.of("a").length(300).build();
    List<AnomalyVerdict> together = detector(new PersistenceWindowModel()).observe(s);
    List<AnomalyVerdict> apart = runOneByOne(detector(new PersistenceWindowModel()), s);
    assertThat(together).isEqualTo(apart);
  }

  @Test
  void shouldFlagSpikeAfterWarmUpAndHoldOffRepeatedAlerts() {
    List<Observation> s = Series.of("a").length(600).spike(400, 60).build();
    List<AnomalyVerdict> v = runOneByOne(detector(new PersistenceWindowModel()), s);
    assertThat(v.get(400).anomalous()).isTrue();
    assertThat(v.get(400).likelihood()).isEqualTo(1.0);
    assertThat(v.subList(0, CONFIG.warmUp())).allMatch(x -> x.likelihood() == 0 && !x.anomalous());
    // within the suppression period nothing more is flagged, and its likelihood is held at 0
    assertThat(v.subList(401, 400 + CONFIG.suppression()))
        .allMatch(x -> !x.anomalous() && x.likelihood() == 0);
    assertThat(v.get(400).modelId()).isEqualTo("fake-persistence@1");
    assertThat(v.get(400).accelerator()).isEqualTo(PersistenceWindowModel.FAKE_CPU.token());
  }

  @Test
  void shouldMarkWarmUpVerdictsWithoutModel() {
    List<AnomalyVerdict> v =
        detector(new PersistenceWindowModel()).observe(Series.of("a").length(1).build());
    assertThat(v.get(0).modelId()).isEqualTo(AnomalyVerdict.NONE);
    assertThat(v.get(0).rawScore()).isZero();
  }

  @Test
  void shouldLeaveStateUnchangedWhenModelRunFails() {
    List<Observation> s = Series.of("a").length(400).spike(300, 50).build();
    PersistenceWindowModel good = new PersistenceWindowModel();
    AtomicReference<Model> current = new AtomicReference<>(good);
    StreamingAnomalyDetector d = AnomalyDetectors.create(CONFIG, switching(current));
    List<AnomalyVerdict> withFailure = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (i == 250) {
        current.set(failing());
        int at = i;
        assertThatThrownBy(() -> d.observe(List.of(s.get(at))))
            .isInstanceOf(InferenceException.class);
        current.set(good);
      }
      withFailure.addAll(d.observe(List.of(s.get(i))));
    }
    assertThat(withFailure).isEqualTo(runOneByOne(detector(new PersistenceWindowModel()), s));
  }

  @Test
  void shouldNameTheNewModelVersionWithoutRestart() {
    List<Observation> s = Series.of("a").length(200).build();
    AtomicReference<Model> current = new AtomicReference<>(new PersistenceWindowModel());
    StreamingAnomalyDetector d = AnomalyDetectors.create(CONFIG, switching(current));
    List<AnomalyVerdict> before = runOneByOne(d, s.subList(0, 100));
    current.set(new PersistenceWindowModel(PersistenceWindowModel.SPEC, "fake-persistence@2"));
    List<AnomalyVerdict> after = runOneByOne(d, s.subList(100, 200));
    assertThat(before.get(99).modelId()).isEqualTo("fake-persistence@1");
    assertThat(after).allMatch(v -> v.modelId().equals("fake-persistence@2"));
  }

  @Test
  void shouldForgetLeastRecentlyObservedSeriesBeyondMaxSeries() {
    AnomalyConfig small =
        new AnomalyConfig(
            100,
            300,
            5,
            1.0,
            32,
            400,
            4,
            5,
            0.02,
            0.5,
            50,
            64,
            2,
            FaultRuleConfig.off(),
            Duration.ZERO);
    StreamingAnomalyDetector d =
        AnomalyDetectors.create(small, LiveModel.fixed(new PersistenceWindowModel()));
    d.observe(Series.of("a").length(1).build());
    d.observe(Series.of("b").length(1).build());
    d.observe(Series.of("a").length(1).build());
    d.observe(Series.of("c").length(1).build());
    assertThat(d.seriesCount()).isEqualTo(2);
    d.forget(new SeriesKey("a", "pm2_5"));
    assertThat(d.seriesCount()).isEqualTo(1);
  }

  @Test
  void shouldRefuseModelWindowLongerThanMaxWindow() {
    PersistenceWindowModel wide =
        new PersistenceWindowModel(new WindowSpec(128, 100, 8, 0.001), "wide@1");
    StreamingAnomalyDetector d = AnomalyDetectors.create(CONFIG, LiveModel.fixed(wide));
    assertThatThrownBy(() -> d.observe(Series.of("a").length(1).build()))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("maxWindow");
  }

  private static Model failing() {
    return new PersistenceWindowModel() {
      @Override
      float[] score(FloatBuffer windows, int batch) {
        throw new InferenceException("native run failed");
      }
    };
  }
}
