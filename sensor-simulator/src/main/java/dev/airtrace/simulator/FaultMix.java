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
}
