package dev.airtrace.gateway.testdata;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.PayloadFormat;
import dev.airtrace.core.codec.SensorMessage;
import dev.airtrace.core.codec.SensorPayloadEncoder;
import dev.airtrace.core.codec.SensorTopic;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Test-data builder for what a sensor publishes: topic and payload bytes, via the real encoder so
 * that tests never hand-write payload JSON.
 */
public final class SensorPayloads {
  private String site = "site-a";
  private String device = "dev-1";
  private PayloadFormat format = PayloadFormat.JSON;
  private long sequence = 1;
  private long eventTime = ReadingBuilder.T0;
  private final Map<Quantity, Double> values = new EnumMap<>(Quantity.class);

  private SensorPayloads() {}

  public static SensorPayloads aSensorMessage() {
    return new SensorPayloads();
  }

  public SensorPayloads site(String id) {
    this.site = id;
    return this;
  }

  public SensorPayloads device(String id) {
    this.device = id;
    return this;
  }

  public SensorPayloads senml() {
    this.format = PayloadFormat.SENML;
    return this;
  }

  public SensorPayloads sequence(long value) {
    this.sequence = value;
    return this;
  }

  public SensorPayloads at(long epochMillis) {
    this.eventTime = epochMillis;
    return this;
  }

  public SensorPayloads with(Quantity quantity, double value) {
    values.put(quantity, value);
    return this;
  }

  public String topic() {
    return new SensorTopic(new SiteId(site), new DeviceId(device), format).topic();
  }

  public byte[] payload() {
    SensorMessage m =
        new SensorMessage(
            sequence, eventTime, values.isEmpty() ? Map.of(Quantity.PM2_5, 12.0) : values, null);
    return format == PayloadFormat.JSON
        ? SensorPayloadEncoder.json(m)
        : SensorPayloadEncoder.senml(new DeviceId(device), m);
  }

  /** The JSON payload signed by {@code key} ({@code "sig"} member). */
  public byte[] signedPayload(java.security.PrivateKey key) {
    return dev.airtrace.core.integrity.PayloadSignature.sign(payload(), key);
  }

  /** Bytes that are not JSON at all. */
  public static byte[] notJson() {
    return "{\"seq\": 1, \"time\": oops".getBytes(StandardCharsets.UTF_8);
  }
}
