package dev.airtrace.gateway.aggregate;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.topics.gateway.DeviceAggregate;
import dev.airtrace.topics.gateway.QuantityStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Aggregates accepted readings into one-minute, per-device windows by event time.
 *
 * <p>Each device has its own event-time watermark: the highest event time seen from it. A minute
 * {@code [start, end)} is emitted once the watermark reaches {@code end + grace}; from then on the
 * device's minutes up to {@code end} are closed, and a reading that falls into a closed minute is
 * not aggregated but counted in {@link #lateReadings()} (it still goes to the readings topic, which
 * is the record; aggregates are a convenience view). A device that stays quiet for {@code
 * idleFlushAfter} of wall-clock time has its open minutes emitted by {@link #flushIdle}, and {@link
 * #flushAll} emits everything on shutdown; both close those minutes like the watermark does.
 *
 * <p>Not thread-safe: owned by the gateway's worker thread.
 */
public final class MinuteAggregator {
  /** The window length: one minute. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private static final long WINDOW_MS = WINDOW.toMillis();

  private final GatewayId gatewayId;
  private final long graceMs;
  private final long idleMs;
  private final Map<DeviceId, DeviceState> devices = new LinkedHashMap<>();
  private long lateReadings;
  private int openWindows;

  public MinuteAggregator(GatewayId gatewayId, AggregationConfig config) {
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    this.graceMs = config.grace().toMillis();
    this.idleMs = config.idleFlushAfter().toMillis();
  }

  /**
   * Adds an accepted reading.
   *
   * @param nowMillis the gateway's wall clock, for the idle flush
   * @return the minutes of this device that the reading's event time closed, oldest first
   */
  public List<DeviceAggregate> add(Reading reading, long nowMillis) {
    DeviceState device = devices.computeIfAbsent(reading.deviceId(), DeviceState::new);
    device.lastSeenMillis = nowMillis;
    long start = Math.floorDiv(reading.eventTime(), WINDOW_MS) * WINDOW_MS;
    if (start + WINDOW_MS <= device.closedBefore) {
      lateReadings++;
      return List.of();
    }
    device.windows.computeIfAbsent(start, s -> newWindow()).add(reading);
    device.watermark = Math.max(device.watermark, reading.eventTime());
    long closable = Math.floorDiv(device.watermark - graceMs, WINDOW_MS) * WINDOW_MS;
    return device.closeBefore(closable);
  }

  /** Emits the open minutes of every device that sent nothing for {@code idleFlushAfter}. */
  public List<DeviceAggregate> flushIdle(long nowMillis) {
    List<DeviceAggregate> out = new ArrayList<>();
    for (DeviceState device : devices.values()) {
      if (!device.windows.isEmpty() && nowMillis - device.lastSeenMillis >= idleMs) {
        out.addAll(device.closeAll());
      }
    }
    return out;
  }

  /** Emits every open minute of every device (shutdown). */
  public List<DeviceAggregate> flushAll() {
    List<DeviceAggregate> out = new ArrayList<>();
    for (DeviceState device : devices.values()) {
      out.addAll(device.closeAll());
    }
    return out;
  }

  /** Readings that arrived for a minute already emitted, so were not aggregated. */
  public long lateReadings() {
    return lateReadings;
  }

  /** Device-minutes currently open. */
  public int openWindows() {
    return openWindows;
  }

  private Window newWindow() {
    openWindows++;
    return new Window();
  }

  private final class DeviceState {
    final DeviceId deviceId;
    final NavigableMap<Long, Window> windows = new TreeMap<>();
    long watermark = Long.MIN_VALUE;
    long closedBefore = Long.MIN_VALUE; // minutes ending at or before this are closed
    long lastSeenMillis;

    DeviceState(DeviceId deviceId) {
      this.deviceId = deviceId;
    }

    List<DeviceAggregate> closeBefore(long end) {
      if (end <= closedBefore) {
        return List.of();
      }
      closedBefore = end;
      return emit(windows.headMap(end - WINDOW_MS, true));
    }

    List<DeviceAggregate> closeAll() {
      if (windows.isEmpty()) {
        return List.of();
      }
      closedBefore = Math.max(closedBefore, windows.lastKey() + WINDOW_MS);
      return emit(windows);
    }

    private List<DeviceAggregate> emit(NavigableMap<Long, Window> closing) {
      List<DeviceAggregate> out = new ArrayList<>(closing.size());
      for (Iterator<Map.Entry<Long, Window>> it = closing.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Long, Window> e = it.next();
        out.add(e.getValue().toAggregate(deviceId, e.getKey()));
        it.remove();
        openWindows--;
      }
      return out;
    }
  }

  private final class Window {
    final Map<Quantity, Stats> stats = new EnumMap<>(Quantity.class);
    SiteId siteId;
    long siteEventTime = Long.MIN_VALUE;

    void add(Reading r) {
      if (r.eventTime() >= siteEventTime) {
        siteId = r.siteId();
        siteEventTime = r.eventTime();
      }
      r.values().forEach((q, v) -> stats.computeIfAbsent(q, k -> new Stats()).add(r, v));
    }

    DeviceAggregate toAggregate(DeviceId deviceId, long start) {
      Map<Quantity, QuantityStats> quantities = new EnumMap<>(Quantity.class);
      stats.forEach((q, s) -> quantities.put(q, s.toStats()));
      return new DeviceAggregate(deviceId, siteId, gatewayId, start, start + WINDOW_MS, quantities);
    }
  }

  private static final class Stats {
    long count;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;
    double last;
    long lastEventTime = Long.MIN_VALUE;
    long lastSequence = Long.MIN_VALUE;

    void add(Reading r, double v) {
      count++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      if (r.eventTime() > lastEventTime
          || (r.eventTime() == lastEventTime && r.sequence() > lastSequence)) {
        last = v;
        lastEventTime = r.eventTime();
        lastSequence = r.sequence();
      }
    }

    QuantityStats toStats() {
      return new QuantityStats(count, min, max, sum / count, last);
    }
  }
}
