package dev.airtrace.gateway.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named points in the outbox's append and forward paths where a test can stop the process dead, to
 * check that a crash at that exact moment loses no acknowledged reading and leaves an outbox that
 * opens cleanly. Off unless the JVM runs with {@code -Dairtrace.fault=<point>:halt} (halt at the
 * first reach) or {@code -Dairtrace.fault=<point>:halt@<n>} (at the n-th reach); several
 * comma-separated. Halting is {@code Runtime.halt(137)}: no shutdown hooks, no finally blocks, no
 * RocksDB close, like {@code kill -9}.
 *
 * <p>Points: {@code outbox.before-append}, {@code outbox.after-write} (appended, not fsynced),
 * {@code outbox.after-fsync} (durable, callbacks not yet run, so nothing acknowledged), {@code
 * outbox.after-ack} (callbacks ran: the MQTT acknowledgement may be out), {@code outbox.after-send}
 * (Kafka acknowledged, nothing deleted), {@code outbox.mid-delete} (half of an acknowledged batch
 * deleted), and in the gateway's worker {@code gateway.mid-pass} ({@link #GATEWAY_MID_PASS}: one
 * message of a worker pass processed, the pass's records not all handed to the sink yet).
 *
 * <p>Thread-safe; with no property set, {@link #reach} is a map lookup on an empty map.
 */
public final class FaultPoints {
  /** The system property that arms fault points. */
  public static final String PROPERTY = "airtrace.fault";

  /** In the gateway worker, after each message of a pass, before the pass's group is handed on. */
  public static final String GATEWAY_MID_PASS = "gateway.mid-pass";

  /** Exit status of a halted process, the same as after {@code kill -9}. */
  public static final int HALT_STATUS = 137;

  private static final Map<String, Long> ARMED = parse(System.getProperty(PROPERTY, ""));
  private static final Map<String, AtomicLong> REACHED = new HashMap<>();

  static {
    ARMED.keySet().forEach(k -> REACHED.put(k, new AtomicLong()));
  }

  private FaultPoints() {}

  /** Halts the JVM if {@code point} is armed and this is the armed reach. */
  public static void reach(String point) {
    if (ARMED.isEmpty()) {
      return;
    }
    Long at = ARMED.get(point);
    if (at != null && REACHED.get(point).incrementAndGet() == at) {
      System.err.println("airtrace fault point " + point + " reached: halting");
      System.err.flush();
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }

  /** Whether {@code point} is armed (lets a caller split work to reach a point in its middle). */
  public static boolean isArmed(String point) {
    return ARMED.containsKey(point);
  }

  static Map<String, Long> parse(String spec) {
    Map<String, Long> armed = new HashMap<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.lastIndexOf(':');
      if (colon < 0 || !p.substring(colon + 1).startsWith("halt")) {
        throw new IllegalArgumentException(
            PROPERTY + ": expected <point>:halt or <point>:halt@<n> but got " + p);
      }
      String action = p.substring(colon + 1);
      long n = action.startsWith("halt@") ? Long.parseLong(action.substring(5)) : 1;
      armed.put(p.substring(0, colon), n);
    }
    return Map.copyOf(armed);
  }
}
