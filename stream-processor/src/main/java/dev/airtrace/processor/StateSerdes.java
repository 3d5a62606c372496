package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.JsonSerdes;
import dev.airtrace.topics.gateway.ReadingJson;
import java.io.IOException;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serdes of the processor's internal values (state stores and the repartition topic), which are
 * implementation details rather than topic contracts; the contracts' serdes are in {@code
 * dev.airtrace.topics.Topics}. Stateless and thread-safe.
 */
final class StateSerdes {
  private StateSerdes() {}

  static Serde<FeatureWindow> featureWindow() {
    return JsonSerdes.of("feature-window", FeatureWindow::encode, FeatureWindow::decode);
  }

  static Serde<Reading> reading() {
    return JsonSerdes.of("reading", ReadingJson::encode, ReadingJson::decode);
  }

  static Serde<SourcedReading> sourcedReading() {
    return JsonSerdes.of("sourced-reading", SourcedReading::encode, SourcedReading::decode);
  }

  static Serde<HourAccumulator> hourAccumulator() {
    return JsonSerdes.of("hour-accumulator", HourAccumulator::encode, HourAccumulator::decode);
  }

  static Serde<HourBucket> hourBucket() {
    return JsonSerdes.of("hour-bucket", HourBucket::encode, HourBucket::decode);
  }

  static Serde<SiteHistory> siteHistory() {
    return JsonSerdes.of("site-history", SiteHistory::encode, SiteHistory::decode);
  }

  static Serde<DeviceDedupState> deviceDedupState() {
    return JsonSerdes.of("device-dedup-state", DeviceDedupState::encode, DeviceDedupState::decode);
  }

  static JsonNode read(byte[] bytes) {
    try {
      return Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  static byte[] write(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + node, e);
    }
  }
}
