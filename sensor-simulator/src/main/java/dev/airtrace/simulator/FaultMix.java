package dev.airtrace.simulator;

/**
 * How many of each deliberate fault a simulation injects. Each fault replaces (or, for duplicates,
 * repeats) one regular reading of a device chosen by the seed. Immutable.
 *
 * @param malformedJson payloads cut in half: not JSON ({@code MALFORMED_PAYLOAD})
 * @param unknownQuantity a quantity renamed to one airtrace does not know ({@code
 *     UNKNOWN_QUANTITY})
 * @param unsupportedUnit a value with a unit that cannot be converted ({@code UNSUPPORTED_UNIT})
 * @param outOfRange a PM2.5 value beyond the plausible range ({@code OUT_OF_RANGE})
 * @param futureTime an event time a year after the simulated period ({@code TIME_IN_FUTURE})
 * @param duplicates regular messages published a second time, byte for byte ({@code DUPLICATE})
 * @param lateWithinGrace regular readings published after their hour ended but within the stream
 *     processor's window grace (accepted by the gateway and counted by the processor)
 * @param lateBeyondGrace regular readings published after the processor's grace (accepted by the
 *     gateway; too late for the processor's hourly window)
 */
public record FaultMix(
    int malformedJson,
    int unknownQuantity,
    int unsupportedUnit,
    int outOfRange,
    int futureTime,
    int duplicates,
    int lateWithinGrace,
    int lateBeyondGrace) {

  /** Default count of each fault. */
  public static final int DEFAULT_EACH = 3;

  public FaultMix {
    int[] all = {
      malformedJson,
      unknownQuantity,
      unsupportedUnit,
      outOfRange,
      futureTime,
      duplicates,
      lateWithinGrace,
      lateBeyondGrace
    };
    for (int n : all) {
      if (n < 0) {
        throw new IllegalArgumentException("fault counts must be >= 0 but one was " + n);
      }
    }
  }

  /** {@link #DEFAULT_EACH} of every fault. */
  public static FaultMix defaults() {
    int n = DEFAULT_EACH;
    return new FaultMix(n, n, n, n, n, n, n, n);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** No faults at all. */
  public static FaultMix none() {
    return new FaultMix(0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Faults that replace a regular reading with a reject. */
  int replacing() {
    return malformedJson + unknownQuantity + unsupportedUnit + outOfRange + futureTime;
  }

  /** Regular readings published late. */
  int late() {
    return lateWithinGrace + lateBeyondGrace;
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link FaultMix}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private int malformedJson;
    private int unknownQuantity;
    private int unsupportedUnit;
    private int outOfRange;
    private int futureTime;
    private int duplicates;
    private int lateWithinGrace;
    private int lateBeyondGrace;

    private Builder(FaultMix from) {
      this.malformedJson = from.malformedJson;
      this.unknownQuantity = from.unknownQuantity;
      this.unsupportedUnit = from.unsupportedUnit;
      this.outOfRange = from.outOfRange;
      this.futureTime = from.futureTime;
      this.duplicates = from.duplicates;
      this.lateWithinGrace = from.lateWithinGrace;
      this.lateBeyondGrace = from.lateBeyondGrace;
    }

    /** See {@link FaultMix#malformedJson()}. */
    public Builder malformedJson(int value) {
      this.malformedJson = value;
      return this;
    }

    /** See {@link FaultMix#unknownQuantity()}. */
    public Builder unknownQuantity(int value) {
      this.unknownQuantity = value;
      return this;
    }

    /** See {@link FaultMix#unsupportedUnit()}. */
    public Builder unsupportedUnit(int value) {
      this.unsupportedUnit = value;
      return this;
    }

    /** See {@link FaultMix#outOfRange()}. */
    public Builder outOfRange(int value) {
      this.outOfRange = value;
      return this;
    }

    /** See {@link FaultMix#futureTime()}. */
    public Builder futureTime(int value) {
      this.futureTime = value;
      return this;
    }

    /** See {@link FaultMix#duplicates()}. */
    public Builder duplicates(int value) {
      this.duplicates = value;
      return this;
    }

    /** See {@link FaultMix#lateWithinGrace()}. */
    public Builder lateWithinGrace(int value) {
      this.lateWithinGrace = value;
      return this;
    }

    /** See {@link FaultMix#lateBeyondGrace()}. */
    public Builder lateBeyondGrace(int value) {
      this.lateBeyondGrace = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public FaultMix build() {
      return new FaultMix(
          malformedJson,
          unknownQuantity,
          unsupportedUnit,
          outOfRange,
          futureTime,
          duplicates,
          lateWithinGrace,
          lateBeyondGrace);
    }
  }
}
