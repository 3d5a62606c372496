package dev.airtrace.core.codec;

import java.util.Optional;

/**
 * The payload formats a sensor may publish; the last level of its MQTT topic names which one (see
 * {@link SensorTopic} and {@code docs/mqtt.md}).
 */
public enum PayloadFormat {
  /** airtrace's own JSON sensor format; topic level {@code json}. */
  JSON("json"),
  /** SenML JSON (RFC 8428); topic level {@code senml}. */
  SENML("senml");

  private final String topicLevel;

  PayloadFormat(String topicLevel) {
    this.topicLevel = topicLevel;
  }

  /** The MQTT topic level that selects this format, e.g. {@code senml}. */
  public String topicLevel() {
    return topicLevel;
  }

  /** The format whose topic level is exactly {@code level}, if any. */
  public static Optional<PayloadFormat> fromTopicLevel(String level) {
    for (PayloadFormat f : values()) {
      if (f.topicLevel.equals(level)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
