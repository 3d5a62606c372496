package dev.airtrace.processor;

import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.DeadLetterJson;
import dev.airtrace.core.codec.ReadingJson;
import dev.airtrace.core.deadletter.DeadLetter;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes of the processor's values, external and internal. Stateless and thread-safe. */
final class JsonSerdes {
  private JsonSerdes() {}

  static Serde<SiteHourly> siteHourly() {
    return of("site-hourly", OutputJson::encodeSiteHourly, OutputJson::decodeSiteHourly);
  }

  static Serde<SiteAqi> siteAqi() {
    return of("site-aqi", OutputJson::encodeSiteAqi, OutputJson::decodeSiteAqi);
  }

  static Serde<SiteFeatures> siteFeatures() {
    return of("site-features", OutputJson::encodeSiteFeatures, OutputJson::decodeSiteFeatures);
  }

  static Serde<FeatureWindow> featureWindow() {
    return of("feature-window", FeatureWindow::encode, FeatureWindow::decode);
  }

  static Serde<DeadLetter> deadLetter() {
    return of("dead-letter", DeadLetterJson::encode, DeadLetterJson::decode);
  }

  static Serde<Reading> reading() {
    return of("reading", ReadingJson::encode, ReadingJson::decode);
  }

  static Serde<SourcedReading> sourcedReading() {
    return of("sourced-reading", SourcedReading::encode, SourcedReading::decode);
  }

  static Serde<HourAccumulator> hourAccumulator() {
    return of("hour-accumulator", HourAccumulator::encode, HourAccumulator::decode);
  }

  static Serde<SiteHistory> siteHistory() {
    return of("site-history", SiteHistory::encode, SiteHistory::decode);
  }

  /** A serde from two functions; {@code null} stays {@code null} (tombstones). */
  static <T> Serde<T> of(String what, Function<T, byte[]> encode, Function<byte[], T> decode) {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : encode.apply(value),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return decode.apply(bytes);
          } catch (RuntimeException e) {
            throw new SerializationException("not a " + what + " record on " + topic, e);
          }
        });
  }
}
