package dev.airtrace.gateway;

import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The names the gateway writes its per-device topics under: the {@link Topics} defaults unless an
 * operator renamed them (the contracts stay those of {@link Topics}). All are keyed by device id;
 * values are UTF-8 JSON. Immutable.
 *
 * @param readings accepted readings ({@code ReadingJson})
 * @param aggregates one-minute per-device aggregates ({@code AggregateJson})
 * @param deadLetters rejected MQTT input ({@code DeadLetterJson}); key null when no device known
 */
public record GatewayTopics(String readings, String aggregates, String deadLetters) {
  /** Default readings topic ({@link Topics#READINGS}). */
  public static final String READINGS_V1 = Topics.Names.READINGS;

  /** Default aggregates topic ({@link Topics#AGGREGATES_1M}). */
  public static final String AGGREGATES_1M_V1 = Topics.Names.AGGREGATES_1M;

  /** Default dead-letter topic ({@link Topics#GATEWAY_DEAD_LETTERS}). */
  public static final String DEADLETTER_V1 = Topics.Names.GATEWAY_DEAD_LETTERS;

  public GatewayTopics {
    for (String name : new String[] {readings, aggregates, deadLetters}) {
      Objects.requireNonNull(name, "topic name");
      if (!Topic.isLegalName(name)) {
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
