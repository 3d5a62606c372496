package dev.airtrace.topics.processor;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The value of {@code airtrace.processor.site-hourly.v1}: the mean of every quantity measured at a
 * site during one closed hour (schema {@code schemas/site-hourly.v1.schema.json}). Immutable.
 *
 * @param siteId the site
 * @param windowStart start of the hour, epoch ms UTC, inclusive
 * @param windowEnd end of the hour, epoch ms UTC, exclusive
 * @param quantities the mean per quantity, only quantities that had at least one reading; values in
 *     the quantity's canonical unit
 * @param revision 0 for the hour's first emission, +1 for each later emission of the same site and
 *     hour (a late reading within the processor's horizon changed it); the highest revision wins
 * @param excluded per quantity, how many values of the hour's readings the gateway's QC flagged
 *     fail (QARTOD 4) and the means therefore leave out (docs/quality.md); only quantities with at
 *     least one, each {@code >= 1}; a quantity whose every value failed is here and not in {@code
 *     quantities}
 */
public record SiteHourly(
    String siteId,
    long windowStart,
    long windowEnd,
    Map<Quantity, QuantityMean> quantities,
    int revision,
    Map<Quantity, Long> excluded) {

  /** A first emission (revision 0) with nothing excluded. */
  public SiteHourly(
      String siteId, long windowStart, long windowEnd, Map<Quantity, QuantityMean> quantities) {
    this(siteId, windowStart, windowEnd, quantities, 0, Map.of());
  }

  /** An emission with nothing excluded. */
  public SiteHourly(
      String siteId,
      long windowStart,
      long windowEnd,
      Map<Quantity, QuantityMean> quantities,
      int revision) {
    this(siteId, windowStart, windowEnd, quantities, revision, Map.of());
  }

  /** This hour with {@code revision} instead of its own. */
  public SiteHourly withRevision(int revision) {
    return new SiteHourly(siteId, windowStart, windowEnd, quantities, revision, excluded);
  }

  /** How many values of {@code quantity} were left out of its mean as QC fail; 0 if none. */
  public long excludedCount(Quantity quantity) {
    return excluded.getOrDefault(quantity, 0L);
  }

  /**
   * One quantity's hourly statistics.
   *
   * @param mean arithmetic mean of all readings in the hour, every reading weighted equally
   * @param count number of readings
   * @param devices number of distinct devices that contributed
   */
  public record QuantityMean(double mean, long count, int devices) {
    public QuantityMean {
      if (!Double.isFinite(mean) || count < 1 || devices < 1 || devices > count) {
        throw new IllegalArgumentException(
            "invalid hourly mean " + mean + " of " + count + " readings from " + devices);
      }
    }
  }

  public SiteHourly {
    if (!SiteId.isValid(siteId)) {
      throw new IllegalArgumentException("invalid site id: " + siteId);
    }
    if (windowEnd <= windowStart) {
      throw new IllegalArgumentException("window end must be after its start");
    }
    Objects.requireNonNull(quantities, "quantities");
    if (revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0 but was " + revision);
    }
    quantities =
        quantities.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(quantities));
    Objects.requireNonNull(excluded, "excluded");
    excluded.forEach(
        (q, n) -> {
          if (n == null || n < 1) {
            throw new IllegalArgumentException(
                "excluded count of " + q.code() + " must be >= 1 but was " + n);
          }
        });
    excluded = excluded.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(excluded));
  }
}
