package dev.airtrace.gateway.models;

import dev.airtrace.anomaly.AnomalyVerdict;
import dev.airtrace.anomaly.Observation;
import dev.airtrace.anomaly.SeriesKey;
import dev.airtrace.anomaly.SpatialConsistency;
import dev.airtrace.anomaly.SpatialFinding;
import dev.airtrace.anomaly.StreamingAnomalyDetector;
import dev.airtrace.anomaly.SuspectedFault;
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
 * order, so each series stays in arrival order), then each value to the neighbour comparison
 * ({@link SpatialConsistency}, in the same order), and turns findings into events as {@link
 * FaultEventConfig} says: a fault rule's finding first, else a spatial finding, else an {@code
 * unusual} verdict at or above {@link FaultEventConfig#unusualMinLikelihood()}; at most one event
 * per value. Not thread-safe: the gateway worker owns it.
 */
final class AnomalyScorer {
  private final StreamingAnomalyDetector detector;
  private final SpatialConsistency spatial; // null when off
  private final double unusualMinLikelihood;
  private final GatewayId gatewayId;
  // written by the worker only, read by metrics
  private volatile long spatialEvents;
  private volatile long unusualWithheld;

  AnomalyScorer(StreamingAnomalyDetector detector, GatewayId gatewayId) {
    this(detector, FaultEventConfig.everyVerdict(), gatewayId);
  }

  AnomalyScorer(StreamingAnomalyDetector detector, FaultEventConfig events, GatewayId gatewayId) {
    this.detector = detector;
    this.spatial = events.spatialEnabled() ? new SpatialConsistency(events.spatial()) : null;
    this.unusualMinLikelihood = events.unusualMinLikelihood();
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
      // keySet + get, not entrySet: the reading's values are an unmodifiable EnumMap, whose entry
      // iteration allocates two objects per value (issue #13 profile); the order is the same.
      Map<Quantity, Double> values = r.values();
      for (Quantity q : values.keySet()) {
        batch.add(new Observation(new SeriesKey(device, q.code()), r.eventTime(), values.get(q)));
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
      Map<Quantity, Double> values = r.values();
      for (Quantity q : values.keySet()) {
        AnomalyVerdict verdict = verdicts.get(k++);
        AnomalyEvent event = event(r, q, values.get(q), verdict);
        if (event != null) {
          if (events.isEmpty()) {
            events = new ArrayList<>(1);
          }
          events.add(event);
        }
      }
      out.add(events);
    }
    return out;
  }

  /** The event for one value, or {@code null}; feeds the neighbour comparison either way. */
  private AnomalyEvent event(Reading r, Quantity q, double value, AnomalyVerdict verdict) {
    SpatialFinding near =
        spatial == null
            ? null
            : spatial.observe(
                r.siteId().value(), r.deviceId().value(), q.code(), r.eventTime(), value);
    boolean rule = verdict.anomalous() && verdict.fault() != SuspectedFault.UNUSUAL;
    if (rule) {
      return fromVerdict(r, q, value, verdict);
    }
    if (near != null) {
      spatialEvents = spatialEvents + 1;
      return new AnomalyEvent(
          r.deviceId(),
          r.siteId(),
          r.sequence(),
          q,
          r.eventTime(),
          value,
          Math.abs(near.z()),
          near.score(),
          near.modelId(),
          AnomalyVerdict.NONE,
          gatewayId,
          near.fault().code(),
          near.evidence());
    }
    if (verdict.anomalous()) {
      if (verdict.likelihood() < unusualMinLikelihood) {
        unusualWithheld = unusualWithheld + 1;
        return null;
      }
      return fromVerdict(r, q, value, verdict);
    }
    return null;
  }

  /**
   * The event for a value the detector itself judged anomalous (a fault rule or the likelihood).
   */
  private AnomalyEvent fromVerdict(Reading r, Quantity q, double value, AnomalyVerdict verdict) {
    return new AnomalyEvent(
        r.deviceId(),
        r.siteId(),
        r.sequence(),
        q,
        r.eventTime(),
        value,
        verdict.rawScore(),
        verdict.likelihood(),
        verdict.modelId(),
        verdict.accelerator(),
        gatewayId,
        verdict.fault().code(),
        verdict.evidence());
  }

  /** Events raised from a neighbour comparison. */
  long spatialEvents() {
    return spatialEvents;
  }

  /** {@code unusual} verdicts below {@link FaultEventConfig#unusualMinLikelihood()} (no event). */
  long unusualWithheld() {
    return unusualWithheld;
  }

  /** Series whose detector state was released (idle or beyond maxSeries). */
  long seriesReleased() {
    return detector.seriesReleased();
  }

  /** Series with state. */
  int seriesCount() {
    return detector.seriesCount();
  }

  void close() {
    detector.close();
  }
}
