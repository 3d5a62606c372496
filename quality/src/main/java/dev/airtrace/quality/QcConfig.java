package dev.airtrace.quality;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.calibration.ChannelAgreement;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * QC configuration of a gateway: limits per quantity, overrides per device, the A/B agreement rule
 * and how many series the {@link QcEngine} keeps state for.
 *
 * @param quantities limits per quantity; a quantity absent here gets {@link QcDefaults#forQuantity}
 * @param devices per device id, limits per quantity that replace the quantity's limits for that
 *     device (a sensor with another span, a southern site's climatology, a sensor with coarser
 *     resolution)
 * @param abAgreement the PurpleAir A/B channel rule
 * @param maxSeries how many series keep state; beyond it the least recently seen is forgotten,
 *     {@code >= 1}; default {@value #DEFAULT_MAX_SERIES} (1,000 devices × 9 quantities with room)
 */
public record QcConfig(
    Map<Quantity, QuantityQc> quantities,
    Map<String, Map<Quantity, QuantityQc>> devices,
    ChannelAgreement abAgreement,
    int maxSeries) {

  /** Series with QC state: room for 1,000 devices × 16 quantities. */
  public static final int DEFAULT_MAX_SERIES = 16_000;

  public QcConfig {
    Objects.requireNonNull(abAgreement, "abAgreement");
    EnumMap<Quantity, QuantityQc> q = new EnumMap<>(Quantity.class);
    for (Quantity quantity : Quantity.values()) {
      q.put(quantity, QcDefaults.forQuantity(quantity));
    }
    Objects.requireNonNull(quantities, "quantities")
        .forEach(
            (k, v) ->
                q.put(Objects.requireNonNull(k, "quantity"), Objects.requireNonNull(v, "limits")));
    quantities = Map.copyOf(q);
    Map<String, Map<Quantity, QuantityQc>> d = new HashMap<>();
    Objects.requireNonNull(devices, "devices")
        .forEach(
            (id, m) -> {
              if (Objects.requireNonNull(id, "device id").isBlank()) {
                throw new IllegalArgumentException("devices: device id must not be blank");
              }
              d.put(id, Map.copyOf(m));
            });
    devices = Map.copyOf(d);
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries must be >= 1 but was " + maxSeries);
    }
  }

  /** {@link QcDefaults} for every quantity, no overrides, 5 µg/m³ / 70 %, 16,000 series. */
  public static QcConfig defaults() {
    return new QcConfig(Map.of(), Map.of(), ChannelAgreement.defaults(), DEFAULT_MAX_SERIES);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from this value. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The limits that apply to {@code quantity} on {@code deviceId}: its override, else the
   * quantity's.
   */
  public QuantityQc limits(String deviceId, Quantity quantity) {
    Map<Quantity, QuantityQc> own = devices.get(deviceId);
    QuantityQc limits = own == null ? null : own.get(quantity);
    return limits != null ? limits : quantities.get(quantity);
  }

  /** Fluent builder; {@link #build()} validates through the canonical constructor. */
  public static final class Builder {
    private final Map<Quantity, QuantityQc> quantities;
    private final Map<String, Map<Quantity, QuantityQc>> devices = new HashMap<>();
    private ChannelAgreement abAgreement;
    private int maxSeries;

    private Builder(QcConfig from) {
      quantities = new EnumMap<>(from.quantities);
      from.devices.forEach((id, m) -> devices.put(id, new EnumMap<>(m)));
      abAgreement = from.abAgreement;
      maxSeries = from.maxSeries;
    }

    /** The limits of {@code quantity} on every device without an override. */
    public Builder quantity(Quantity quantity, QuantityQc limits) {
      quantities.put(quantity, limits);
      return this;
    }

    /** The limits of {@code quantity} on one device. */
    public Builder device(String deviceId, Quantity quantity, QuantityQc limits) {
      devices.computeIfAbsent(deviceId, k -> new EnumMap<>(Quantity.class)).put(quantity, limits);
      return this;
    }

    /** The A/B agreement rule. */
    public Builder abAgreement(ChannelAgreement rule) {
      abAgreement = rule;
      return this;
    }

    /** How many series keep state. */
    public Builder maxSeries(int n) {
      maxSeries = n;
      return this;
    }

    /** The configuration. */
    public QcConfig build() {
      return new QcConfig(quantities, devices, abAgreement, maxSeries);
    }
  }
}
