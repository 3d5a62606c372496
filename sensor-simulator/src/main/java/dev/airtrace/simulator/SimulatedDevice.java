package dev.airtrace.simulator;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Location;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.PayloadFormat;
import dev.airtrace.core.codec.SensorTopic;

/**
 * One simulated device: identity, format, where it stands, its fixed phase within the measurement
 * interval and its calibration bias. Immutable.
 */
record SimulatedDevice(
    int index,
    int siteIndex,
    SiteId siteId,
    DeviceId deviceId,
    PayloadFormat format,
    Location location,
    long phaseMillis,
    double bias) {

  String topic() {
    return new SensorTopic(siteId, deviceId, format).topic();
  }
}
