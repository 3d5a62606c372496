package dev.airtrace.gateway;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Kafka topics the gateway owns (it is their only writer; see {@code docs/topics.md}). All are
 * keyed by device id; values are UTF-8 JSON. Immutable.
 *
 * @param readings accepted readings ({@code ReadingJson})
 * @param aggregates one-minute per-device aggregates ({@code AggregateJson})
 * @param deadLetters rejected MQTT input ({@code DeadLetterJson}); key null when no device known
 */
public record GatewayTopics(String readings, String aggregates, String deadLetters) {
  /** Default readings topic. */
  public static final String READINGS_V1 = "airtrace.gateway.readings.v1";

  /** Default aggregates topic. */
  public static final String AGGREGATES_1M_V1 = "airtrace.gateway.aggregates-1m.v1";

  /** Default dead-letter topic. */
  public static final String DEADLETTER_V1 = "airtrace.gateway.deadletter.v1";

  /** The module that owns these topics, as written in the topic table. */
  public static final String OWNER = "edge-gateway";

  /** The key of every gateway topic, as written in the topic table. */
  public static final String KEY = "deviceId";

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public GatewayTopics {
    for (String name : new String[] {readings, aggregates, deadLetters}) {
      Objects.requireNonNull(name, "topic name");
      if (!LEGAL.matcher(name).matches() || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("not a legal Kafka topic name: " + name);
      }
    }
    if (new HashSet<>(List.of(readings, aggregates, deadLetters)).size() != 3) {
      throw new IllegalArgumentException(
          "readings, aggregates and dead letters need three distinct topics but were "
              + readings
              + ", "
              + aggregates
              + ", "
              + deadLetters);
    }
  }

  /** The default topic names. */
  public static GatewayTopics defaults() {
    return new GatewayTopics(READINGS_V1, AGGREGATES_1M_V1, DEADLETTER_V1);
  }
}
