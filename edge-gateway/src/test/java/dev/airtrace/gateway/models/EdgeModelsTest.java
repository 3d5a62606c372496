package dev.airtrace.gateway.models;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.ReadingBuilder.aReading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.gateway.testdata.DetectorConfigs;
import dev.airtrace.gateway.testdata.FakeModels;
import dev.airtrace.gateway.testdata.FakeModels.FakeLiveModel;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.topics.gateway.AnomalyEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EdgeModelsTest {
  private static final GatewayId GW = new GatewayId("gw-test");
  private final FakeLiveModel anomalyModel = FakeModels.anomaly();
  private final FakeLiveModel calibrationModel = FakeModels.calibration();

  private EdgeModels models(ModelsConfig config) {
    return EdgeModels.of(
        config,
        GW,
        Map.<String, LiveModel>of("anomaly-ae", anomalyModel, "pm25-calibration", calibrationModel),
        FakeModels.CPU);
  }

  private static ModelsConfig anomalyOn() {
    return ModelsConfig.builder()
        .anomalyEnabled(true)
        // detector plumbing: every anomalous verdict is an event, no neighbour comparison
        .faultEvents(FaultEventConfig.everyVerdict())
        .anomaly(DetectorConfigs.quickDetector())
        .build();
  }

  private static Reading purpleAir(String device, long seq, double a, double b) {
    return aReading()
        .device(device)
        .sequence(seq)
        .at(T0 + seq * 60_000)
        .with(Quantity.PM2_5_CF1_A, a)
        .with(Quantity.PM2_5_CF1_B, b)
        .with(Quantity.RELATIVE_HUMIDITY, 50)
        .with(Quantity.TEMPERATURE, 20)
        .build();
  }

  /** A noisy PM2.5 series of {@code n} readings with one spike at {@code spikeAt}. */
  private static List<Reading> seriesWithSpike(String device, int n, int spikeAt) {
    Random noise = new Random(42);
    List<Reading> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double v = i == spikeAt ? 400 : 10 + noise.nextGaussian();
      out.add(
          aReading()
              .device(device)
              .sequence(i)
              .at(T0 + i * 60_000L)
              .with(Quantity.PM2_5, v)
              .build());
    }
    return out;
  }

  @Test
  void shouldCorrectPurpleAirReadingsWithTheConfiguredFormula() {
    try (EdgeModels m = models(ModelsConfig.defaults())) {
      List<Reading> out = m.calibrate(List.of(purpleAir("pa", 1, 41, 39)));

      // x = 40, RH 50: w = 0.5, 0.655 * 40 - 4.31 + 5.75 = 27.64
      assertThat(out.get(0).value(Quantity.PM2_5).getAsDouble()).isCloseTo(27.64, within(1e-9));
      assertThat(out.get(0).correction(Quantity.PM2_5).orElseThrow().method())
          .isEqualTo("epa-barkjohn-2022");
      assertThat(m.corrections(CorrectionStatus.APPLIED)).isEqualTo(1);
    }
  }

  @Test
  void shouldLeaveReadingsAloneWhenCalibrationIsOff() {
    Reading r = purpleAir("pa", 1, 41, 39);
    try (EdgeModels m = models(ModelsConfig.builder().calibration(CalibrationMode.OFF).build())) {
      assertThat(m.calibrate(List.of(r))).containsExactly(r);
    }
  }

  @Test
  void shouldRunTheCalibrationModelOnceForTheWholeBatchAndRecordItsVersion() {
    try (EdgeModels m = models(ModelsConfig.builder().calibration(CalibrationMode.MODEL).build())) {
      List<Reading> batch =
          List.of(
              purpleAir("pa-1", 1, 40, 40),
              aReading().with(Quantity.NO2, 3).build(),
              purpleAir("pa-2", 1, 10, 40), // disagree: 30 > 5 and 120 % > 70 %
              purpleAir("pa-3", 1, 20, 22));

      List<Reading> out = m.calibrate(batch);

      assertThat(calibrationModel.runs()).isEqualTo(1);
      assertThat(calibrationModel.largestBatch()).isEqualTo(2);
      assertThat(out.get(0).value(Quantity.PM2_5).getAsDouble()).isEqualTo(20.0);
      assertThat(out.get(0).correction(Quantity.PM2_5).orElseThrow().method())
          .isEqualTo("model:pm25-calibration@1");
      assertThat(out.get(1)).isSameAs(batch.get(1));
      assertThat(out.get(2).value(Quantity.PM2_5)).isEmpty();
      assertThat(out.get(2).correction(Quantity.PM2_5).orElseThrow().status())
          .isEqualTo(CorrectionStatus.CHANNELS_DISAGREE);
      assertThat(out.get(3).value(Quantity.PM2_5).getAsDouble()).isEqualTo(10.5);
    }
  }

  @Test
  void shouldRecordModelUnavailableAndKeepTheReadingWhenTheCalibrationModelFails() {
    calibrationModel.failRuns(true);
    try (EdgeModels m = models(ModelsConfig.builder().calibration(CalibrationMode.MODEL).build())) {
      List<Reading> out = m.calibrate(List.of(purpleAir("pa-1", 1, 40, 40)));

      assertThat(out).hasSize(1);
      assertThat(out.get(0).values()).containsKey(Quantity.PM2_5_CF1_A);
      assertThat(out.get(0).correction(Quantity.PM2_5).orElseThrow().status())
          .isEqualTo(CorrectionStatus.MODEL_UNAVAILABLE);
      assertThat(m.corrections(CorrectionStatus.MODEL_UNAVAILABLE)).isEqualTo(1);
    }
  }

  @Test
  void shouldFlagTheInjectedSpikeOnceAndNothingElse() {
    List<Reading> series = seriesWithSpike("d1", 120, 90);
    try (EdgeModels m = models(anomalyOn())) {
      List<AnomalyEvent> events = new ArrayList<>();
      m.detect(series).forEach(events::addAll);

      assertThat(events).extracting(AnomalyEvent::sequence).containsExactly(90L);
      AnomalyEvent e = events.get(0);
      assertThat(e.quantity()).isEqualTo(Quantity.PM2_5);
      assertThat(e.value()).isEqualTo(400.0);
      assertThat(e.model()).isEqualTo("anomaly-ae@1");
      assertThat(e.accelerator()).isEqualTo("ort-cpu");
      assertThat(e.gatewayId()).isEqualTo(GW);
      assertThat(e.likelihood()).isGreaterThanOrEqualTo(0.5);
    }
  }

  @Test
  void shouldGiveTheSameVerdictsWhetherReadingsComeOneByOneOrInOneBatch() {
    List<Reading> a = seriesWithSpike("d1", 120, 90);
    List<Reading> b = seriesWithSpike("d2", 120, 70);
    List<Reading> interleaved = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      interleaved.add(a.get(i));
      interleaved.add(b.get(i));
    }
    List<AnomalyEvent> batched = new ArrayList<>();
    List<AnomalyEvent> single = new ArrayList<>();
    try (EdgeModels m = models(anomalyOn())) {
      m.detect(interleaved).forEach(batched::addAll);
      assertThat(m.detectorRuns()).isEqualTo(1);
    }
    try (EdgeModels m = models(anomalyOn())) {
      for (Reading r : interleaved) {
        m.detect(List.of(r)).forEach(single::addAll);
      }
    }

    assertThat(batched).isEqualTo(single);
    assertThat(batched).extracting(AnomalyEvent::sequence).containsExactlyInAnyOrder(90L, 70L);
  }

  @Test
  void shouldNameTheNewVersionInEventsAfterAReload() {
    List<Reading> series = seriesWithSpike("d1", 120, 100);
    try (EdgeModels m = models(anomalyOn())) {
      m.detect(series.subList(0, 60));
      anomalyModel.switchTo(2);
      List<AnomalyEvent> events = new ArrayList<>();
      m.detect(series.subList(60, 120)).forEach(events::addAll);

      assertThat(events).extracting(AnomalyEvent::model).containsExactly("anomaly-ae@2");
      assertThat(m.modelIds()).containsExactly("anomaly-ae@2");
    }
  }

  @Test
  void shouldDeliverUnmarkedAndCountWhenTheDetectorFails() {
    anomalyModel.failRuns(true);
    try (EdgeModels m = models(anomalyOn())) {
      List<List<AnomalyEvent>> events = m.detect(seriesWithSpike("d1", 40, 30));

      assertThat(events).hasSize(40).allSatisfy(e -> assertThat(e).isEmpty());
      assertThat(m.detectorFailures()).isEqualTo(1);
    }
  }

  @Test
  void shouldServeNoModelsAndNoBackendWhenOnlyFormulasAreConfigured() {
    try (EdgeModels m = EdgeModels.open(ModelsConfig.defaults(), GW)) {
      assertThat(m.backend()).isEmpty();
      assertThat(m.modelIds()).isEmpty();
      assertThat(m.detect(seriesWithSpike("d1", 5, 2))).allSatisfy(e -> assertThat(e).isEmpty());
    }
  }
}
