package dev.airtrace.topics.gateway;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One device's readings over one event-time minute {@code [windowStart, windowEnd)}, as one gateway
 * saw them. Immutable.
 *
 * @param deviceId the device (the record key)
 * @param siteId the site of the minute's latest reading
 * @param gatewayId the gateway that aggregated
 * @param windowStart epoch ms UTC, a whole minute
 * @param windowEnd {@code windowStart} + 1 minute, exclusive
 * @param quantities per quantity measured in the minute; never empty
 */
public record DeviceAggregate(
    DeviceId deviceId,
    SiteId siteId,
    GatewayId gatewayId,
    long windowStart,
    long windowEnd,
    Map<Quantity, QuantityStats> quantities) {

  public DeviceAggregate {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(gatewayId, "gatewayId");
    if (windowEnd <= windowStart) {
      throw new IllegalArgumentException("windowEnd must be after windowStart");
    }
    if (quantities == null || quantities.isEmpty()) {
      throw new IllegalArgumentException("an aggregate needs at least one quantity");
    }
    quantities = Collections.unmodifiableMap(new EnumMap<>(quantities));
  }
}
