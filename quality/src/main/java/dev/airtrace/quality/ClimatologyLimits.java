package dev.airtrace.quality;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Climatology test limits (QARTOD "climatology test"): per meteorological season the range a
 * quantity is expected to stay in; a reading outside it is suspect (never fail: weather can be
 * unusual). The season is that of the reading's UTC month in the northern hemisphere (DJF, MAM,
 * JJA, SON); a southern-hemisphere site gets its own limits through a per-device override with the
 * spans swapped.
 *
 * @param winter December to February
 * @param spring March to May
 * @param summer June to August
 * @param autumn September to November
 */
public record ClimatologyLimits(Span winter, Span spring, Span summer, Span autumn) {
  public ClimatologyLimits {
    Objects.requireNonNull(winter, "winter");
    Objects.requireNonNull(spring, "spring");
    Objects.requireNonNull(summer, "summer");
    Objects.requireNonNull(autumn, "autumn");
  }

  /** The same span in every season. */
  public static ClimatologyLimits allYear(Span span) {
    return new ClimatologyLimits(span, span, span, span);
  }

  /** The span for a reading taken at {@code eventTimeMillis} (epoch milliseconds, UTC month). */
  public Span spanAt(long eventTimeMillis) {
    int month = Instant.ofEpochMilli(eventTimeMillis).atOffset(ZoneOffset.UTC).getMonthValue();
    switch (month) {
      case 12:
      case 1:
      case 2:
        return winter;
      case 3:
      case 4:
      case 5:
        return spring;
      case 6:
      case 7:
      case 8:
        return summer;
      default:
        return autumn;
    }
  }

  /** The test: suspect outside the season's span, else pass. */
  public QcFlag test(long eventTimeMillis, double value) {
    return spanAt(eventTimeMillis).contains(value) ? QcFlag.PASS : QcFlag.SUSPECT;
  }
}
