package dev.airtrace.quality;

/**
 * The QC limits of one quantity (or of one quantity on one device). A {@code null} limit switches
 * its test off: the test then reports {@link QcFlag#NOT_EVALUATED}.
 *
 * @param grossRange sensor and operator spans, or {@code null}
 * @param climatology seasonal spans, or {@code null}
 * @param spike spike limits, or {@code null}
 * @param rateOfChange rate limit, or {@code null}
 * @param flatLine flat line limits, or {@code null}
 */
public record QuantityQc(
    GrossRangeLimits grossRange,
    ClimatologyLimits climatology,
    SpikeLimits spike,
    RateOfChangeLimit rateOfChange,
    FlatLineLimits flatLine) {

  /** Every test off. */
  public static QuantityQc none() {
    return new QuantityQc(null, null, null, null, null);
  }

  /** A builder starting from every test off. */
  public static Builder builder() {
    return none().toBuilder();
  }

  /** A builder starting from this value (e.g. {@link QcDefaults#forQuantity} with one change). */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Fluent builder; {@link #build()} validates through the canonical constructor. */
  public static final class Builder {
    private GrossRangeLimits grossRange;
    private ClimatologyLimits climatology;
    private SpikeLimits spike;
    private RateOfChangeLimit rateOfChange;
    private FlatLineLimits flatLine;

    private Builder(QuantityQc from) {
      grossRange = from.grossRange;
      climatology = from.climatology;
      spike = from.spike;
      rateOfChange = from.rateOfChange;
      flatLine = from.flatLine;
    }

    /** Gross range limits, {@code null} = off. */
    public Builder grossRange(GrossRangeLimits limits) {
      grossRange = limits;
      return this;
    }

    /** Climatology limits, {@code null} = off. */
    public Builder climatology(ClimatologyLimits limits) {
      climatology = limits;
      return this;
    }

    /** Spike limits, {@code null} = off. */
    public Builder spike(SpikeLimits limits) {
      spike = limits;
      return this;
    }

    /** Rate of change limit, {@code null} = off. */
    public Builder rateOfChange(RateOfChangeLimit limit) {
      rateOfChange = limit;
      return this;
    }

    /** Flat line limits, {@code null} = off. */
    public Builder flatLine(FlatLineLimits limits) {
      flatLine = limits;
      return this;
    }

    /** The limits. */
    public QuantityQc build() {
      return new QuantityQc(grossRange, climatology, spike, rateOfChange, flatLine);
    }
  }
}
