package dev.airtrace.gateway.models;

import dev.airtrace.anomaly.AnomalyVerdict;
import dev.airtrace.anomaly.Observation;
import dev.airtrace.anomaly.SeriesKey;
import dev.airtrace.anomaly.StreamingAnomalyDetector;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.topics.gateway.AnomalyEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feeds every value of a model batch of readings to the detector in one {@link
 * StreamingAnomalyDetector#observe} call (one series per device and quantity, in the readings'
 * order, so each series stays in arrival order) and turns anomalous verdicts into events. Not
 * thread-safe: the gateway worker owns it.
 */
final class AnomalyScorer {
  private final StreamingAnomalyDetector detector;
  private final GatewayId gatewayId;

  AnomalyScorer(StreamingAnomalyDetector detector, GatewayId gatewayId) {
    this.detector = detector;
    this.gatewayId = gatewayId;
  }

  /** How many values one call observes for {@code readings}. */
  static int observations(List<Reading> readings) {
    int n = 0;
    for (Reading r : readings) {
      n += r.values().size();
    }
    return n;
  }

  /**
   * Scores the batch.
   *
   * @return per reading (same order), the events of its anomalous values; mostly empty lists
   * @throws RuntimeException when the detector fails (its state is then unchanged)
   */
  List<List<AnomalyEvent>> score(List<Reading> readings) {
    List<Observation> batch = new ArrayList<>(observations(readings));
    for (Reading r : readings) {
      String device = r.deviceId().value();
      for (Map.Entry<Quantity, Double> v : r.values().entrySet()) {
        batch.add(
            new Observation(new SeriesKey(device, v.getKey().code()), r.eventTime(), v.getValue()));
      }
    }
    List<AnomalyVerdict> verdicts = detector.observe(batch);
    if (verdicts.size() != batch.size()) {
      throw new IllegalStateException(
          "detector returned " + verdicts.size() + " verdicts for " + batch.size() + " values");
    }
    List<List<AnomalyEvent>> out = new ArrayList<>(readings.size());
    int k = 0;
    for (Reading r : readings) {
      List<AnomalyEvent> events = List.of();
      for (Map.Entry<Quantity, Double> v : r.values().entrySet()) {
        AnomalyVerdict verdict = verdicts.get(k++);
        if (verdict.anomalous()) {
          if (events.isEmpty()) {
            events = new ArrayList<>(1);
          }
          events.add(
              new AnomalyEvent(
                  r.deviceId(),
                  r.siteId(),
                  r.sequence(),
                  v.getKey(),
                  r.eventTime(),
                  v.getValue(),
                  verdict.rawScore(),
                  verdict.likelihood(),
                  verdict.modelId(),
                  verdict.accelerator(),
                  gatewayId));
        }
      }
      out.add(events);
    }
    return out;
  }

  /** Series with state. */
  int seriesCount() {
    return detector.seriesCount();
  }

  void close() {
    detector.close();
  }
}
