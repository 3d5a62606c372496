package dev.airtrace.core.codec;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.deadletter.RejectReason;
import java.util.Objects;

/**
 * The MQTT topic a sensor publishes to: {@code airtrace/v1/{siteId}/{deviceId}/{format}}, where
 * {@code format} is a {@link PayloadFormat#topicLevel()} ({@code json} or {@code senml}).
 *
 * <p>The topic, not the payload, is authoritative for the site and device: a payload may repeat
 * them but must then agree. Immutable and thread-safe.
 *
 * @param siteId the site the device belongs to
 * @param deviceId the publishing device
 * @param format how the payload is encoded
 */
public record SensorTopic(SiteId siteId, DeviceId deviceId, PayloadFormat format) {
  /** The first two topic levels: the application and the scheme version. */
  public static final String PREFIX = "airtrace/v1/";

  private static final int LEVELS = 5;

  public SensorTopic {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(format, "format");
  }

  /**
   * Parses an MQTT topic name.
   *
   * @throws CodecException with {@link RejectReason#UNSUPPORTED_TOPIC} when the topic does not
   *     follow the scheme (wrong prefix or number of levels, unknown format), or with {@link
   *     RejectReason#INVALID_IDENTIFIER} when the site or device level is not a valid identifier
   */
  public static SensorTopic parse(String mqttTopic) {
    if (mqttTopic == null) {
      throw new CodecException(RejectReason.UNSUPPORTED_TOPIC, "MQTT topic is null");
    }
    String[] levels = mqttTopic.split("/", -1);
    if (levels.length != LEVELS || !mqttTopic.startsWith(PREFIX)) {
      throw new CodecException(
          RejectReason.UNSUPPORTED_TOPIC,
          "MQTT topic "
              + Texts.quote(mqttTopic)
              + " does not match airtrace/v1/{siteId}/{deviceId}/{json|senml}");
    }
    PayloadFormat format =
        PayloadFormat.fromTopicLevel(levels[4])
            .orElseThrow(
                () ->
                    new CodecException(
                        RejectReason.UNSUPPORTED_TOPIC,
                        "MQTT topic "
                            + Texts.quote(mqttTopic)
                            + " names format "
                            + Texts.quote(levels[4])
                            + "; supported: json, senml"));
    if (!SiteId.isValid(levels[2])) {
      throw new CodecException(
          RejectReason.INVALID_IDENTIFIER,
          "MQTT topic "
              + Texts.quote(mqttTopic)
              + ": site id level "
              + Texts.quote(levels[2])
              + " must be 1-64 of [A-Za-z0-9._:-]");
    }
    if (!DeviceId.isValid(levels[3])) {
      throw new CodecException(
          RejectReason.INVALID_IDENTIFIER,
          "MQTT topic "
              + Texts.quote(mqttTopic)
              + ": device id level "
              + Texts.quote(levels[3])
              + " must be 1-64 of [A-Za-z0-9._:-]");
    }
    return new SensorTopic(new SiteId(levels[2]), new DeviceId(levels[3]), format);
  }

  /** The MQTT topic string, e.g. {@code airtrace/v1/site-a/dev-001/json}. */
  public String topic() {
    return PREFIX + siteId.value() + "/" + deviceId.value() + "/" + format.topicLevel();
  }

  /** The MQTT subscription filter that matches every sensor topic: {@code airtrace/v1/+/+/+}. */
  public static String subscriptionFilter() {
    return PREFIX + "+/+/+";
  }
}
