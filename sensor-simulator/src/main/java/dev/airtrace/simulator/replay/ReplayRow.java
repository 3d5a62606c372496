package dev.airtrace.simulator.replay;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One replayable reading: what a device measured at one event time. Immutable.
 *
 * @param row the row's 1-based line number in the source file (the header is line 1), for errors
 * @param eventTime when the device measured, epoch milliseconds UTC
 * @param siteId the site the device stands at
 * @param deviceId the device
 * @param values the measured values, each in its quantity's canonical unit; may be empty (a row
 *     whose every value is missing), which the {@link Replayer} counts and does not publish
 */
public record ReplayRow(
    long row, long eventTime, SiteId siteId, DeviceId deviceId, Map<Quantity, Double> values) {
  public ReplayRow {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(values, "values");
    EnumMap<Quantity, Double> copy = new EnumMap<>(Quantity.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
  }
}
