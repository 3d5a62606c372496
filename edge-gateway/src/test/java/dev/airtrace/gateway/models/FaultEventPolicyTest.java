package dev.airtrace.gateway.models;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.ReadingBuilder.aReading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.anomaly.SpatialConfig;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.gateway.testdata.DetectorConfigs;
import dev.airtrace.gateway.testdata.FakeModels;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.topics.gateway.AnomalyEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gateway's event policy ({@link FaultEventConfig}) on top of the detector with the fake window
 * model: four devices of one site, pm2_5 around 20 with noise, and device d4 shifted by +15 from
 * reading 200 on (neighbours' spread about 1.2, so the shift is about 12 typical spreads).
 */
class FaultEventPolicyTest {
  private static final GatewayId GW = new GatewayId("gw-test");
  private static final int ROUNDS = 300;
  private static final int SHIFT_AT = 200;

  private static List<AnomalyEvent> run(FaultEventConfig policy, EdgeModels[] out) {
    ModelsConfig config =
        ModelsConfig.builder()
            .anomalyEnabled(true)
            .anomaly(DetectorConfigs.quickDetector())
            .faultEvents(policy)
            .build();
    EdgeModels models =
        EdgeModels.of(
            config,
            GW,
            Map.<String, LiveModel>of("anomaly-ae", FakeModels.anomaly()),
            FakeModels.CPU);
    out[0] = models;
    Random noise = new Random(11);
    List<AnomalyEvent> events = new ArrayList<>();
    for (int k = 0; k < ROUNDS; k++) {
      List<Reading> batch = new ArrayList<>();
      for (int d = 1; d <= 4; d++) {
        double v = 20 + noise.nextGaussian();
        if (d == 4 && k >= SHIFT_AT) {
          v += 15;
        }
        batch.add(
            aReading()
                .site("s1")
                .device("d" + d)
                .sequence(k)
                .at(T0 + k * 60_000L)
                .with(Quantity.PM2_5, Math.round(v * 10) / 10.0)
                .build());
      }
      models.detect(batch).forEach(events::addAll);
    }
    return events;
  }

  @Test
  void shouldNameANeighbourDisagreementWithTheSpatialModelAndItsFaultType() {
    EdgeModels[] models = new EdgeModels[1];
    List<AnomalyEvent> events =
        run(
            FaultEventConfig.defaults()
                .withUnusualMinLikelihood(1.0)
                .toSpatial(SpatialConfig.builder().warmUp(40).build()),
            models);

    List<AnomalyEvent> spatial =
        events.stream().filter(e -> e.model().equals(SpatialConfig.DEFAULT_MODEL_ID)).toList();
    assertThat(spatial).isNotEmpty();
    AnomalyEvent first = spatial.get(0);
    assertThat(first.deviceId().value()).isEqualTo("d4");
    assertThat(first.fault()).isEqualTo("level_shift");
    assertThat(first.accelerator()).isEqualTo("none");
    assertThat(first.evidence()).contains("neighbour median").contains("3 neighbours");
    // the window median crosses once half the window (15 of 30) is shifted
    assertThat(first.sequence()).isBetween((long) SHIFT_AT, (long) SHIFT_AT + 30);
    assertThat(models[0].spatialEvents()).isEqualTo(spatial.size());
    assertThat(events).noneMatch(e -> e.fault().equals("unusual"));
  }

  @Test
  void shouldCountUnusualVerdictsThatRaiseNoEvent() {
    EdgeModels[] every = new EdgeModels[1];
    long unusual =
        run(FaultEventConfig.everyVerdict(), every).stream()
            .filter(e -> e.fault().equals("unusual"))
            .count();
    assertThat(unusual).as("the fake model makes the likelihood fire").isPositive();

    EdgeModels[] withheld = new EdgeModels[1];
    List<AnomalyEvent> events = run(FaultEventConfig.defaults().withSpatial(false), withheld);
    assertThat(events).noneMatch(e -> e.fault().equals("unusual"));
    assertThat(withheld[0].unusualWithheld()).isEqualTo(unusual);
    assertThat(withheld[0].spatialEvents()).isZero();
  }
}
